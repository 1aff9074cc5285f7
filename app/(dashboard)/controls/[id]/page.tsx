import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { z } from 'zod';
import { AsOfNotice } from '@/components/as-of-notice';
import { AsOfPicker } from '@/components/as-of-picker';
import { DownloadButton } from '@/components/download-button';
import { SignOffBadge } from '@/components/sign-off-badge';
import { SnapshotWatcher } from '@/components/snapshot-watcher';
import { PanelSkeleton } from '@/components/skeleton';
import { StatusChip } from '@/components/status-chip';
import { UtcTime } from '@/components/utc-time';
import { getAppDatabase } from '@/lib/app-context';
import { getPageUser } from '@/lib/auth/page-session';
import { hasPermission } from '@/lib/auth/roles';
import { nistMappingOf } from '@/lib/catalog/nist';
import { getConfig } from '@/lib/config';
import { NoSuchControlError, readControlDetail } from '@/lib/data/control-detail';
import { readControlSignOffs } from '@/lib/data/control-sign-offs';
import { NoSnapshotError, NoSuchClusterError } from '@/lib/data/matrix';
import { MAX_SIGN_OFF_DAYS } from '@/lib/data/sign-offs';
import { WAIVABLE_STATUSES } from '@/lib/data/waivers';
import { atParam, clusterParam, controlIdParam } from '@/lib/http/params';
import { sourceUiBases } from '@/lib/source-links';
import { CheckCard } from './_components/check-card';
import { NistPanel } from './_components/nist-panel';
import { OffendersTable } from './_components/offenders-table';
import { RemediationPanel } from './_components/remediation-panel';
import type { ExpiryChoices } from './_components/sign-off-forms';
import { SignOffsPanel, type SignOffPermissions } from './_components/sign-offs-panel';
import { StatusStrip } from './_components/status-strip';

export const dynamic = 'force-dynamic';

const searchSchema = z.object({ cluster: clusterParam, at: atParam, page: z.coerce.number().int().min(1).max(10_000).default(1) });

const DAY_MS = 86_400_000;
const DEFAULT_SIGN_OFF_DAYS = 90;

function dateOnly(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

export default async function ControlPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const controlId = controlIdParam.safeParse(decodeURIComponent((await params).id));
  const search = searchSchema.safeParse(await searchParams);
  if (!controlId.success || !search.success) notFound();
  const config = getConfig();
  const clusterName = search.data.cluster ?? config.clusterName;
  const at = search.data.at;
  const database = await getAppDatabase();
  let detail;
  try {
    detail = await readControlDetail(database, clusterName, controlId.data, at);
  } catch (error) {
    if (error instanceof NoSuchControlError || error instanceof NoSuchClusterError || error instanceof NoSnapshotError) notFound();
    throw error;
  }
  const [signOffs, user] = await Promise.all([readControlSignOffs(database, clusterName, controlId.data, at), getPageUser()]);
  const isAttested = signOffs.attestations.some((attestation) => attestation.state === 'active');
  const isWaived = signOffs.waivers.some((waiver) => waiver.state === 'active');
  const isWaivable = WAIVABLE_STATUSES.includes(detail.status);

  // links keep the cluster and time being looked at
  const linkTo = (path: string, changes: Record<string, string | null> = {}) => {
    const query = new URLSearchParams();
    if (search.data.cluster) query.set('cluster', search.data.cluster);
    if (at) query.set('at', at.toISOString());
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) query.delete(key);
      else query.set(key, value);
    }
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  };
  const controlPath = `/controls/${encodeURIComponent(detail.control.id)}`;

  // a server component renders once per request: "now" is the request's time, not a render impurity
  // eslint-disable-next-line react-hooks/purity
  const now = Date.now();
  const expiry: ExpiryChoices = {
    defaultDate: dateOnly(now + DEFAULT_SIGN_OFF_DAYS * DAY_MS),
    minDate: dateOnly(now + DAY_MS),
    maxDate: dateOnly(now + (MAX_SIGN_OFF_DAYS - 1) * DAY_MS),
  };
  const uiBases = sourceUiBases(
    config.clusters.find((cluster) => cluster.name === clusterName),
    config.sourceUiUrls,
  );
  const canAttest = user !== null && hasPermission(user.roles, 'attest');
  const canWaive = user !== null && hasPermission(user.roles, 'waive');
  const canDownload = user !== null && hasPermission(user.roles, 'download');
  const permissions: SignOffPermissions = at
    ? { canAttest: false, canWaive: false, reason: 'This is an as-of view: go back to live to record or revoke.' }
    : {
        canAttest,
        canWaive,
        reason: canAttest || canWaive ? null : `Only officers and admins record attestations and waivers${user ? `; you are signed in as ${user.roles.join(', ')}` : ''}.`,
      };

  return (
    <article className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <ol className="flex flex-wrap gap-1">
          <li>
            <Link href={linkTo('/')} className="text-blue-800 underline">
              Matrix
            </Link>{' '}
            /
          </li>
          <li>
            <Link href={linkTo('/', { section: detail.control.sectionId })} className="text-blue-800 underline">
              Section {detail.control.sectionId}
            </Link>{' '}
            /
          </li>
          <li aria-current="page">{detail.control.id}</li>
        </ol>
      </nav>
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">
          <span className="font-mono">{detail.control.id}</span> — {detail.control.title}
        </h1>
        <div className="flex flex-wrap items-center gap-2">
          <StatusChip status={detail.status} />
          {isAttested ? <SignOffBadge kind="attested" /> : null}
          {isWaived ? <SignOffBadge kind="waived" /> : null}
          <span className="text-gray-800">{detail.summary}</span>
        </div>
        <p className="text-sm text-gray-700">
          Cluster <strong>{detail.cluster}</strong> · {detail.control.group} · data collected <UtcTime iso={detail.snapshot.takenAt} /> ·{' '}
          <Link href={`/snapshots/${detail.snapshot.id}`} className="text-blue-800 underline">
            snapshot
          </Link>
          {(isWaivable && canWaive) || (detail.control.isManual && canAttest) ? (
            <>
              {' '}
              ·{' '}
              <a href="#sign-offs" className="text-blue-800 underline">
                {detail.control.isManual ? 'attest' : 'record a waiver'}
              </a>
            </>
          ) : null}
        </p>
        {canDownload ? (
          <div className="flex flex-wrap items-start gap-3">
            <DownloadButton href={`/api/snapshots/${detail.snapshot.id}/report.pdf?section=${detail.control.sectionId}`} label={`PDF report, section ${detail.control.sectionId}`} />
            <DownloadButton href={`/api/snapshots/${detail.snapshot.id}/bundle.zip`} label="Evidence bundle (zip)" />
          </div>
        ) : null}
      </header>
      <AsOfPicker at={at?.toISOString() ?? null} />
      {at ? <AsOfNotice at={at.toISOString()} snapshotTakenAt={detail.snapshot.takenAt} /> : null}

      <section aria-label="The control" className="grid gap-4 md:grid-cols-2">
        <div className="rounded border border-gray-200 bg-white p-4">
          <h2 className="font-semibold">Requirement</h2>
          <p className="mt-1 text-sm">{detail.control.requirement}</p>
        </div>
        <div className="rounded border border-gray-200 bg-white p-4">
          <h2 className="font-semibold">How Compliant Kubernetes meets it</h2>
          <p className="mt-1 text-sm">{detail.control.implementation}</p>
        </div>
        <div className="rounded border border-gray-200 bg-white p-4 md:col-span-2">
          <h2 className="font-semibold">Remediation</h2>
          <p className="mt-1 text-sm">{detail.control.remediation}</p>
        </div>
      </section>
      <NistPanel mapping={nistMappingOf(detail.control.id)} />

      <section aria-labelledby="evidence-heading" className="space-y-4">
        <h2 id="evidence-heading" className="text-xl font-semibold">
          Evidence
        </h2>
        {detail.control.isManual ? <p className="text-sm text-gray-700">No cluster can show this control; it needs an attestation with an owner and an expiry.</p> : null}
        {detail.checks.map((check) => (
          <CheckCard key={check.id} check={check} uiBases={uiBases} />
        ))}
      </section>

      <OffendersTable checks={detail.checks} page={search.data.page} pageHref={(page) => `${linkTo(controlPath, { page: String(page) })}#offenders`} />

      <section aria-labelledby="history-heading" className="grid gap-4 md:grid-cols-2">
        <div className="rounded border border-gray-200 bg-white p-4">
          <h2 id="history-heading" className="font-semibold">
            Status timeline
          </h2>
          <div className="mt-2">
            <StatusStrip history={detail.history} hrefAt={(takenAt) => linkTo(controlPath, { at: takenAt })} />
          </div>
        </div>
        <Suspense fallback={<PanelSkeleton label="Loading time to remediate…" />}>
          <RemediationPanel clusterName={clusterName} controlId={detail.control.id} at={at} />
        </Suspense>
      </section>

      <SignOffsPanel
        cluster={clusterName}
        controlId={detail.control.id}
        isManual={detail.control.isManual}
        isWaivable={isWaivable}
        signOffs={signOffs}
        permissions={permissions}
        expiry={expiry}
      />
      <SnapshotWatcher shownSnapshotIds={[detail.snapshot.id]} isLive={at === undefined} />
    </article>
  );
}
