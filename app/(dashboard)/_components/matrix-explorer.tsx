'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { formatScore } from '@/lib/evaluate/score';
import { SignOffBadge } from '@/components/sign-off-badge';
import { StatusChip } from '@/components/status-chip';
import type { MatrixView, MatrixViewCell, MatrixViewControl } from '@/lib/data/matrix-view';
import { CONTROL_STATUSES, type ControlStatus } from '@/lib/evaluate/types';
import { isFilterActive, MARK_CHOICES, matchesFilter, readMatrixFilter, SOURCE_CHOICES, writeMatrixFilter, type MatrixFilter } from './matrix-filter';

const MARK_LABELS: Record<(typeof MARK_CHOICES)[number], string> = { attested: 'attested', waived: 'waived', none: 'neither' };

/**
 * The matrix with its filters. Filtering happens here in the browser on the data the server sent,
 * and each change is written to the URL (history.replaceState) so that the filtered view can be
 * shared, without a round trip to the server per keystroke.
 */
export function MatrixExplorer({ view }: { view: MatrixView }) {
  const searchParams = useSearchParams();
  // The URL gives the filter when the page opens; after that the filter lives here and is copied to
  // the URL. Reading it back from useSearchParams while typing would lose keystrokes: Next.js
  // updates it a moment after replaceState.
  const [filter, setFilter] = useState(() => readMatrixFilter(new URLSearchParams(searchParams.toString())));
  const isMultiCluster = view.clusters.length > 1;

  function update(change: Partial<MatrixFilter>) {
    const next = { ...filter, ...change };
    setFilter(next);
    const query = writeMatrixFilter(new URLSearchParams(window.location.search), next).toString();
    window.history.replaceState(null, '', query ? `?${query}` : window.location.pathname);
  }

  function toggleStatus(status: ControlStatus) {
    update({ statuses: filter.statuses.includes(status) ? filter.statuses.filter((item) => item !== status) : [...filter.statuses, status] });
  }

  const allControls = view.sections.flatMap((section) => section.controls);
  // every mapped 800-53 id, and the base control of each enhancement (AC-6 for AC-6(9)), in NIST's order
  const nistChoices = [...new Set(allControls.flatMap((control) => control.nist.flatMap((id) => [id.replace(/\(\d+\)$/, ''), id])))].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  );
  const sections = view.sections.map((section) => ({ ...section, shown: section.controls.filter((control) => matchesFilter(control, filter)) }));
  const shownCount = sections.reduce((sum, section) => sum + section.shown.length, 0);

  // links keep the time and cluster being looked at
  const linkQuery = (clusterName: string | null) => {
    const params = new URLSearchParams();
    if (clusterName && (isMultiCluster || searchParams.get('cluster'))) params.set('cluster', clusterName);
    const at = searchParams.get('at');
    if (at) params.set('at', at);
    const query = params.toString();
    return query ? `?${query}` : '';
  };

  return (
    <div className="space-y-6">
      <form role="search" aria-label="Filter controls" onSubmit={(event) => event.preventDefault()} className="space-y-3 rounded border border-gray-200 bg-white p-4">
        <div className="flex flex-wrap items-end gap-4">
          <label className="flex min-w-56 flex-1 flex-col text-sm">
            <span className="font-medium">Search</span>
            <input
              type="search"
              value={filter.text}
              onChange={(event) => update({ text: event.target.value })}
              placeholder="id, title or summary, e.g. root"
              className="mt-1 rounded border border-gray-400 px-2 py-1.5"
            />
          </label>
          <label className="flex flex-col text-sm">
            <span className="font-medium">Section</span>
            <select value={filter.section ?? ''} onChange={(event) => update({ section: event.target.value || null })} className="mt-1 rounded border border-gray-400 bg-white px-2 py-1.5">
              <option value="">All sections</option>
              {view.sections
                .filter((section) => section.controls.length > 0)
                .map((section) => (
                  <option key={section.id} value={section.id}>
                    {section.id}. {section.title}
                  </option>
                ))}
            </select>
          </label>
          <label className="flex flex-col text-sm">
            <span className="font-medium">Source</span>
            <select value={filter.source ?? ''} onChange={(event) => update({ source: event.target.value || null })} className="mt-1 rounded border border-gray-400 bg-white px-2 py-1.5">
              <option value="">All sources</option>
              {SOURCE_CHOICES.map((source) => (
                <option key={source} value={source}>
                  {source}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col text-sm">
            <span className="font-medium">NIST SP 800-53</span>
            <select value={filter.nist ?? ''} onChange={(event) => update({ nist: event.target.value || null })} className="mt-1 rounded border border-gray-400 bg-white px-2 py-1.5">
              <option value="">Any control</option>
              {nistChoices.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col text-sm">
            <span className="font-medium">Attested or waived</span>
            <select
              value={filter.mark ?? ''}
              onChange={(event) => update({ mark: (MARK_CHOICES as readonly string[]).includes(event.target.value) ? (event.target.value as MatrixFilter['mark']) : null })}
              className="mt-1 rounded border border-gray-400 bg-white px-2 py-1.5"
            >
              <option value="">Any</option>
              {MARK_CHOICES.map((mark) => (
                <option key={mark} value={mark}>
                  {MARK_LABELS[mark]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
          <legend className="mb-1 font-medium">Status</legend>
          {CONTROL_STATUSES.map((status) => (
            <label key={status} className="inline-flex items-center gap-1.5">
              <input type="checkbox" checked={filter.statuses.includes(status)} onChange={() => toggleStatus(status)} className="h-4 w-4" />
              <StatusChip status={status} />
              <span className="text-gray-700">({allControls.filter((control) => control.cells.some((cell) => cell?.status === status)).length})</span>
            </label>
          ))}
        </fieldset>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <p aria-live="polite" data-testid="filter-count">
            Showing {shownCount} of {allControls.length} controls
          </p>
          {isFilterActive(filter) ? (
            <button type="button" onClick={() => update({ statuses: [], source: null, section: null, mark: null, nist: null, text: '' })} className="text-blue-800 underline">
              Clear filters
            </button>
          ) : null}
        </div>
      </form>

      {shownCount === 0 ? <p className="rounded border border-gray-200 bg-white p-4 text-sm text-gray-700">No control matches these filters.</p> : null}

      {sections
        .filter((section) => section.shown.length > 0 || (!isFilterActive(filter) && section.controls.length === 0))
        .map((section) => (
          <section key={section.id} aria-labelledby={`section-${section.id}`} className="rounded border border-gray-200 bg-white">
            <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-gray-200 px-4 py-3">
              <h2 id={`section-${section.id}`} className="text-lg font-semibold">
                Section {section.id}: {section.title}
              </h2>
              <span className="text-sm text-gray-700">
                {isMultiCluster
                  ? view.clusters.map((cluster, index) => `${cluster.name} ${formatScore(section.scores[index] ?? null)}`).join(' · ')
                  : `Score ${formatScore(section.scores[0] ?? null)}`}
              </span>
            </div>
            <p className="px-4 pt-2 text-sm text-gray-700">{section.summary}</p>
            {section.controls.length === 0 ? (
              <p className="px-4 py-3 text-sm text-gray-700 italic">Context only — no controls.</p>
            ) : (
              <div className="overflow-x-auto">
                <table className="mt-2 w-full text-left text-sm">
                  <caption className="sr-only">Controls of section {section.id}</caption>
                  <thead className="bg-gray-50 text-gray-700">
                    <tr>
                      <th scope="col" className="px-4 py-2">Control</th>
                      <th scope="col" className="px-4 py-2">Title</th>
                      {isMultiCluster ? (
                        view.clusters.map((cluster) => (
                          <th key={cluster.name} scope="col" className="px-4 py-2">
                            {cluster.name}
                          </th>
                        ))
                      ) : (
                        <>
                          <th scope="col" className="px-4 py-2">Status</th>
                          <th scope="col" className="px-4 py-2">Summary</th>
                        </>
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    {section.shown.map((control) => (
                      <ControlRow key={control.id} control={control} view={view} linkQuery={linkQuery} />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        ))}
    </div>
  );
}

function CellContent({ cell }: { cell: MatrixViewCell }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <StatusChip status={cell.status} />
      {cell.isAttested ? <SignOffBadge kind="attested" /> : null}
      {cell.isWaived ? <SignOffBadge kind="waived" /> : null}
    </span>
  );
}

function ControlRow({ control, view, linkQuery }: { control: MatrixViewControl; view: MatrixView; linkQuery: (clusterName: string | null) => string }) {
  const href = (clusterName: string | null) => `/controls/${encodeURIComponent(control.id)}${linkQuery(clusterName)}`;
  const firstCluster = view.clusters[0]?.name ?? null;
  return (
    <tr data-control-id={control.id} className="border-t border-gray-100 align-top">
      <td className="px-4 py-2 font-mono whitespace-nowrap">
        <Link href={href(firstCluster)} className="text-blue-800 underline">
          {control.id}
        </Link>
      </td>
      <td className="px-4 py-2">
        {control.title}
        <div className="text-xs text-gray-700">
          {control.group ? `${control.group} · ` : ''}
          {control.sources.join(', ')}
        </div>
      </td>
      {view.clusters.length > 1 ? (
        control.cells.map((cell, index) => {
          const clusterName = view.clusters[index]?.name ?? '';
          return (
            <td key={clusterName} className="px-4 py-2">
              {cell ? (
                <Link href={href(clusterName)} aria-label={`${control.id} on ${clusterName}: ${cell.status}${cell.isAttested ? ', attested' : ''}${cell.isWaived ? ', waived' : ''}`} title={cell.summary} className="inline-block rounded">
                  <CellContent cell={cell} />
                </Link>
              ) : (
                <span className="text-gray-700">no result</span>
              )}
            </td>
          );
        })
      ) : (
        <>
          <td className="px-4 py-2">{control.cells[0] ? <CellContent cell={control.cells[0]} /> : <span className="text-gray-700">no result</span>}</td>
          <td className="px-4 py-2 text-gray-800">{control.cells[0]?.summary ?? ''}</td>
        </>
      )}
    </tr>
  );
}
