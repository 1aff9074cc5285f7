// Outlined, unlike the filled status chip: a person's record beside the automated verdict, never instead of it.
const STYLES = {
  attested: { icon: '✎', label: 'attested', className: 'border-manual text-manual' },
  waived: { icon: '⚑', label: 'waived', className: 'border-warn text-warn' },
} as const;

export function SignOffBadge({ kind }: { kind: keyof typeof STYLES }) {
  const style = STYLES[kind];
  return (
    <span data-testid={`${kind}-badge`} className={`inline-flex items-center gap-1 rounded-full border border-dashed bg-white px-2 py-0.5 text-xs font-semibold ${style.className}`}>
      <span aria-hidden="true">{style.icon}</span>
      {style.label}
    </span>
  );
}
