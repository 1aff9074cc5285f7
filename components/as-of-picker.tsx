'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';

const DAY_MS = 86_400_000;

const QUICK_CHOICES = [
  { label: '1 day ago', agoMs: DAY_MS },
  { label: '7 days ago', agoMs: 7 * DAY_MS },
  { label: '30 days ago', agoMs: 30 * DAY_MS },
];

/** `2026-11-29T19:33:00.000Z` → `2026-11-29T19:33`, the value of a datetime-local input read as UTC. */
function toInputValue(iso: string): string {
  return new Date(iso).toISOString().slice(0, 16);
}

/**
 * The time the page shows, like Grafana's time picker: live (no `at`), a quick choice, or a date and
 * time (UTC, as every time on the page). It only changes `?at=` in the URL; the page reads the
 * snapshot that was current then, so an as-of view is a link anyone can share.
 */
export function AsOfPicker({ at }: { at: string | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [custom, setCustom] = useState(at ? toInputValue(at) : '');
  const [isPending, startTransition] = useTransition();

  function show(nextAt: string | null) {
    const params = new URLSearchParams(searchParams.toString());
    if (nextAt === null) params.delete('at');
    else params.set('at', nextAt);
    // a page number belongs to the data of the old time
    params.delete('page');
    const query = params.toString();
    startTransition(() => router.push(query ? `${pathname}?${query}` : pathname));
  }

  function submitCustom(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (custom === '') return;
    show(new Date(`${custom}:00Z`).toISOString());
  }

  return (
    <form onSubmit={submitCustom} aria-label="Time shown" className="flex flex-wrap items-end gap-2 text-sm">
      <span className="inline-flex overflow-hidden rounded border border-gray-300 bg-white" role="group" aria-label="Quick choices">
        <button type="button" onClick={() => show(null)} aria-pressed={at === null} className={`px-3 py-1.5 ${at === null ? 'bg-blue-800 text-white' : 'text-gray-900 hover:bg-gray-100'}`}>
          Now (live)
        </button>
        {QUICK_CHOICES.map((choice) => (
          <button
            key={choice.label}
            type="button"
            onClick={() => show(new Date(Date.now() - choice.agoMs).toISOString())}
            className="border-l border-gray-300 px-3 py-1.5 text-gray-900 hover:bg-gray-100"
          >
            {choice.label}
          </button>
        ))}
      </span>
      <label className="flex flex-col">
        <span className="text-xs text-gray-700">As of (UTC)</span>
        <input
          type="datetime-local"
          name="at"
          value={custom}
          onChange={(event) => setCustom(event.target.value)}
          className="rounded border border-gray-300 bg-white px-2 py-1"
        />
      </label>
      <button type="submit" className="rounded border border-blue-800 px-3 py-1.5 text-blue-800 hover:bg-blue-50">
        Show
      </button>
      {at !== null ? (
        <button type="button" onClick={() => show(null)} className="rounded bg-blue-800 px-3 py-1.5 text-white">
          Back to live
        </button>
      ) : null}
      <span aria-live="polite" className="text-xs text-gray-700">
        {isPending ? 'Loading…' : ''}
      </span>
    </form>
  );
}
