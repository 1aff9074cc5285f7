'use client';

import { useEffect, useId, useRef, useState } from 'react';

/**
 * A button that downloads an export with progress, then saves it under the server's file name.
 * Progress is bytes received of Content-Length, or an indeterminate bar for streamed zips (which
 * have no length); a failure shows the message of the API's error envelope. Only render it for
 * users who may download (`hasPermission(user.roles, 'download')`): the API refuses the others.
 *
 *   <DownloadButton href={`/api/snapshots/${id}/report.pdf`} label="PDF report" />
 *   <SnapshotDownloads snapshotId={id} />   // every export of a snapshot, side by side
 */

export interface DownloadButtonProps {
  /** the export's URL, e.g. `/api/snapshots/<id>/bundle.zip` */
  href: string;
  label: string;
  /** used only when the response names no file */
  fallbackFileName?: string;
  className?: string;
}

type DownloadState =
  | { kind: 'idle' }
  | { kind: 'downloading'; received: number; total: number | null }
  | { kind: 'saved'; fileName: string }
  | { kind: 'failed'; message: string };

/** `attachment; filename="a.pdf"` → `a.pdf` */
function fileNameOf(contentDisposition: string | null): string | null {
  if (contentDisposition === null) return null;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(contentDisposition);
  if (encoded?.[1]) return decodeURIComponent(encoded[1]);
  return /filename="([^"]+)"/i.exec(contentDisposition)?.[1] ?? null;
}

async function errorMessageOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') return body.error.message;
  } catch {
    // not the JSON envelope (a proxy's error page, say): the status says enough
  }
  return `the server answered ${response.status} ${response.statusText}`.trim();
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // some browsers read the URL after click() returns
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function DownloadButton({ href, label, fallbackFileName, className }: DownloadButtonProps) {
  const [state, setState] = useState<DownloadState>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const statusId = useId();

  // leaving the page stops a download in progress
  useEffect(() => () => abort.current?.abort(), []);

  async function download() {
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: 'downloading', received: 0, total: null });
    try {
      const response = await fetch(href, { credentials: 'same-origin', signal: controller.signal });
      if (!response.ok || response.body === null) {
        setState({ kind: 'failed', message: await errorMessageOf(response) });
        return;
      }
      const length = Number(response.headers.get('content-length'));
      const total = Number.isFinite(length) && length > 0 ? length : null;
      const reader = response.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.byteLength;
        setState({ kind: 'downloading', received, total });
      }
      const fileName = fileNameOf(response.headers.get('content-disposition')) ?? fallbackFileName ?? href.split('?')[0]!.split('/').pop() ?? 'download';
      saveBlob(new Blob(chunks, { type: response.headers.get('content-type') ?? 'application/octet-stream' }), fileName);
      setState({ kind: 'saved', fileName });
    } catch (error) {
      if (controller.signal.aborted) return;
      setState({ kind: 'failed', message: `the download stopped: ${(error as Error).message}` });
    } finally {
      abort.current = null;
    }
  }

  const isBusy = state.kind === 'downloading';
  const announcement =
    state.kind === 'downloading' ? `Downloading ${label}…` : state.kind === 'saved' ? `Saved ${state.fileName}` : state.kind === 'failed' ? `${label} failed: ${state.message}` : '';

  return (
    <div className={`inline-flex flex-col items-start gap-1 ${className ?? ''}`}>
      <button
        type="button"
        onClick={download}
        disabled={isBusy}
        aria-describedby={statusId}
        className="rounded border border-gray-300 bg-white px-3 py-1.5 text-sm font-medium text-gray-900 hover:bg-gray-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-700 disabled:cursor-wait disabled:opacity-70"
      >
        {label}
      </button>
      {state.kind === 'downloading' ? (
        <span className="flex items-center gap-2 text-xs text-gray-700">
          {/* no value: an indeterminate bar, for streamed files of unknown length */}
          <progress className="h-2 w-28" max={state.total ?? undefined} value={state.total === null ? undefined : state.received} aria-label={`${label} download progress`} />
          <span>{state.total === null ? formatBytes(state.received) : `${Math.floor((state.received / state.total) * 100)}%`}</span>
        </span>
      ) : null}
      <span id={statusId} role="status" aria-live="polite" className={`text-xs ${state.kind === 'failed' ? 'text-red-800' : 'text-gray-700'}`}>
        {announcement}
      </span>
    </div>
  );
}

/** The four exports of one snapshot (PDF, CSV, OSCAL, evidence bundle). */
export function SnapshotDownloads({ snapshotId, className }: { snapshotId: string; className?: string }) {
  const base = `/api/snapshots/${encodeURIComponent(snapshotId)}`;
  return (
    <div role="group" aria-label="Downloads for auditors" className={`flex flex-wrap items-start gap-3 ${className ?? ''}`}>
      <DownloadButton href={`${base}/report.pdf`} label="PDF report" />
      <DownloadButton href={`${base}/results.csv`} label="Results (CSV)" />
      <DownloadButton href={`${base}/oscal.json`} label="OSCAL results (SSP)" />
      <DownloadButton href={`${base}/poam.json`} label="OSCAL POA&M (eMASS)" />
      <DownloadButton href={`${base}/results.hdf.json`} label="HDF (Heimdall, STIG Viewer)" />
      <DownloadButton href={`${base}/bundle.zip`} label="Evidence bundle (zip)" />
    </div>
  );
}
