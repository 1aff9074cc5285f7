import type { ControlStatus } from '@/lib/evaluate/types';

// Text and an icon carry the meaning; colour only reinforces it.
export const STATUS_STYLES: Record<ControlStatus, { icon: string; className: string }> = {
  pass: { icon: '✓', className: 'bg-pass-bg text-pass' },
  fail: { icon: '✗', className: 'bg-fail-bg text-fail' },
  warn: { icon: '!', className: 'bg-warn-bg text-warn' },
  unknown: { icon: '?', className: 'bg-unknown-bg text-unknown' },
  manual: { icon: '✎', className: 'bg-manual-bg text-manual' },
  'not-applicable': { icon: '–', className: 'bg-na-bg text-na' },
};

export function StatusChip({ status }: { status: ControlStatus }) {
  const style = STATUS_STYLES[status];
  return (
    <span data-testid="status-chip" className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ${style.className}`}>
      <span aria-hidden="true">{style.icon}</span>
      {status}
    </span>
  );
}
