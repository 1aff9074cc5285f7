import { UtcTime } from '@/components/utc-time';
import type { AttestationView } from '@/lib/data/attestations';
import type { ControlSignOffs } from '@/lib/data/control-sign-offs';
import type { SignOffState } from '@/lib/data/sign-offs';
import type { WaiverView } from '@/lib/data/waivers';
import { AttestationForm, RevokeForm, WaiverForm, type ExpiryChoices } from './sign-off-forms';

const STATE_STYLES: Record<SignOffState, string> = {
  active: 'bg-pass-bg text-pass',
  expired: 'bg-unknown-bg text-unknown',
  revoked: 'bg-fail-bg text-fail',
};

export interface SignOffPermissions {
  canAttest: boolean;
  canWaive: boolean;
  /** what stops the user from recording, said instead of a silent missing form */
  reason: string | null;
}

/** Attestations and waivers of the control: people's records, kept apart from the automated verdict. */
export function SignOffsPanel(props: {
  cluster: string;
  controlId: string;
  isManual: boolean;
  isWaivable: boolean;
  signOffs: ControlSignOffs;
  permissions: SignOffPermissions;
  expiry: ExpiryChoices;
}) {
  const { signOffs, permissions } = props;
  const showsAttestations = props.isManual || signOffs.attestations.length > 0;
  return (
    <section id="sign-offs" aria-labelledby="sign-offs-heading" className="space-y-4">
      <div>
        <h2 id="sign-offs-heading" className="text-xl font-semibold">
          Attestations and waivers
        </h2>
        <p className="text-sm text-gray-700">
          Records made by people, shown beside the automated result. They never change the status, the score or the stored evidence, and stop applying when they expire or are revoked.
        </p>
      </div>
      {showsAttestations ? (
        <div>
          <h3 className="font-semibold">Attestations</h3>
          {signOffs.attestations.length === 0 ? <p className="text-sm text-gray-700">None recorded.</p> : null}
          <ul className="mt-2 space-y-2">
            {signOffs.attestations.map((attestation) => (
              <SignOffItem key={attestation.id} record={attestation} canRevoke={permissions.canAttest} />
            ))}
          </ul>
        </div>
      ) : null}
      <div>
        <h3 className="font-semibold">Waivers</h3>
        {signOffs.waivers.length === 0 ? <p className="text-sm text-gray-700">None recorded.</p> : null}
        <ul className="mt-2 space-y-2">
          {signOffs.waivers.map((waiver) => (
            <SignOffItem key={waiver.id} record={waiver} canRevoke={permissions.canWaive} />
          ))}
        </ul>
      </div>
      {permissions.reason ? <p className="text-sm text-gray-700">{permissions.reason}</p> : null}
      <div className="grid gap-4 md:grid-cols-2">
        {props.isManual && permissions.canAttest ? <AttestationForm cluster={props.cluster} controlId={props.controlId} expiry={props.expiry} /> : null}
        {props.isWaivable && permissions.canWaive ? <WaiverForm cluster={props.cluster} controlId={props.controlId} expiry={props.expiry} /> : null}
      </div>
    </section>
  );
}

function SignOffItem({ record, canRevoke }: { record: AttestationView | WaiverView; canRevoke: boolean }) {
  return (
    <li data-testid={`${record.kind}-record`} className="rounded border border-gray-200 bg-white p-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STATE_STYLES[record.state]}`}>{record.state}</span>
        <span>
          Owner <strong>{record.owner}</strong> · expires <UtcTime iso={record.expiresAt} />
        </span>
      </div>
      {record.kind === 'attestation' ? (
        <>
          <p className="mt-1">{record.statement}</p>
          <p className="mt-1">
            Evidence:{' '}
            <a href={record.evidenceUrl} target="_blank" rel="noreferrer noopener" className="break-all text-blue-800 underline">
              {record.evidenceUrl}
            </a>
          </p>
        </>
      ) : (
        <>
          <p className="mt-1">
            <span className="font-medium">Accepted risk:</span> {record.risk}
          </p>
          <p className="mt-1">
            <span className="font-medium">Reason:</span> {record.reason}
          </p>
        </>
      )}
      <p className="mt-1 text-xs text-gray-700">
        Recorded by {record.author.name} ({record.author.sub}) on <UtcTime iso={record.createdAt} />
        {record.revocation ? (
          <>
            {' '}
            · revoked by {record.revocation.by.name} on <UtcTime iso={record.revocation.at} />
            {record.revocation.reason ? `: ${record.revocation.reason}` : ''}
          </>
        ) : null}
      </p>
      {record.state === 'active' && canRevoke ? <RevokeForm kind={record.kind} id={record.id} /> : null}
    </li>
  );
}
