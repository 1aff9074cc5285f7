'use client';

/** What every error.tsx shows: what could not be loaded, the server's reference, and a retry. */
export function SegmentError({ title, error, reset }: { title: string; error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded border border-red-200 bg-red-50 p-4 text-red-900">
      <h1 className="text-lg font-semibold">{title}</h1>
      <p className="mt-1 text-sm">
        {error.digest ? `The server reported an error (reference ${error.digest}); its log has the details.` : error.message}
      </p>
      <button type="button" onClick={reset} className="mt-3 rounded bg-red-800 px-3 py-1 text-white">
        Try again
      </button>
    </div>
  );
}
