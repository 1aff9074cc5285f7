export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="space-y-4">
      <span className="sr-only">Loading…</span>
      <div className="h-8 w-72 animate-pulse rounded bg-gray-200" />
      <div className="h-40 animate-pulse rounded bg-gray-200" />
      <div className="h-40 animate-pulse rounded bg-gray-200" />
    </div>
  );
}
