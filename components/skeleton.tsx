/** Grey blocks in the shape of what is loading; the text is for screen readers. */
export function Skeleton({ className = '' }: { className?: string }) {
  return <div aria-hidden="true" className={`animate-pulse rounded bg-gray-200 ${className}`} />;
}

export function PanelSkeleton({ label, lines = 3 }: { label: string; lines?: number }) {
  return (
    <div role="status" className="space-y-2 rounded border border-gray-200 bg-white p-4">
      <span className="sr-only">{label}</span>
      <Skeleton className="h-5 w-48" />
      {Array.from({ length: lines }, (_, index) => (
        <Skeleton key={index} className="h-4 w-full" />
      ))}
    </div>
  );
}

export function PageSkeleton({ label }: { label: string }) {
  return (
    <div role="status" className="space-y-4">
      <span className="sr-only">{label}</span>
      <Skeleton className="h-8 w-72" />
      <Skeleton className="h-10 w-full" />
      <Skeleton className="h-40 w-full" />
      <Skeleton className="h-40 w-full" />
    </div>
  );
}
