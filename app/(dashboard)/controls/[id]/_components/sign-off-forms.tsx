'use client';

import { useState, type FormEvent } from 'react';
import { useRecordAttestation, useRecordWaiver, useRevokeSignOff } from '@/lib/queries/use-sign-off-mutations';

/** The dates the expiry field offers, worked out on the server so that both sides render the same. */
export interface ExpiryChoices {
  /** YYYY-MM-DD */
  defaultDate: string;
  minDate: string;
  maxDate: string;
}

const inputClass = 'mt-1 w-full rounded border border-gray-400 px-2 py-1.5';

function Feedback({ error, isSuccess, successText }: { error: Error | null; isSuccess: boolean; successText: string }) {
  return (
    <div aria-live="polite">
      {error ? (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-900">
          Not recorded: {error.message}
        </p>
      ) : isSuccess ? (
        <p className="text-sm text-pass">{successText}</p>
      ) : null}
    </div>
  );
}

function ExpiryField({ id, expiry }: { id: string; expiry: ExpiryChoices }) {
  return (
    <label htmlFor={id} className="block text-sm font-medium">
      Expires on (UTC, at the start of the day)
      <input id={id} name="expiresOn" type="date" required defaultValue={expiry.defaultDate} min={expiry.minDate} max={expiry.maxDate} className={inputClass} />
    </label>
  );
}

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

function expiresAtOf(form: FormData): string {
  return new Date(`${field(form, 'expiresOn')}T00:00:00Z`).toISOString();
}

export function WaiverForm({ cluster, controlId, expiry }: { cluster: string; controlId: string; expiry: ExpiryChoices }) {
  const mutation = useRecordWaiver();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    mutation.mutate({ cluster, controlId, risk: field(form, 'risk'), reason: field(form, 'reason'), owner: field(form, 'owner'), expiresAt: expiresAtOf(form) });
  }
  return (
    <form onSubmit={submit} aria-labelledby="waiver-form-heading" className="space-y-3 rounded border border-gray-200 bg-white p-4">
      <h3 id="waiver-form-heading" className="font-semibold">
        Record a waiver
      </h3>
      <p className="text-sm text-gray-700">Accept the risk of this control for a while. The automated status stays as collected; the waiver is shown beside it until it expires.</p>
      <label className="block text-sm font-medium">
        Accepted risk
        <textarea name="risk" required minLength={10} maxLength={4000} rows={2} className={inputClass} />
      </label>
      <label className="block text-sm font-medium">
        Reason
        <textarea name="reason" required minLength={10} maxLength={4000} rows={2} className={inputClass} />
      </label>
      <label className="block text-sm font-medium">
        Owner (who fixes it)
        <input name="owner" required minLength={2} maxLength={200} className={inputClass} />
      </label>
      <ExpiryField id="waiver-expires" expiry={expiry} />
      <button type="submit" disabled={mutation.isPending} className="rounded bg-blue-800 px-4 py-2 text-white disabled:opacity-60">
        {mutation.isPending ? 'Recording…' : 'Record waiver'}
      </button>
      <Feedback error={mutation.error} isSuccess={mutation.isSuccess} successText="Waiver recorded." />
    </form>
  );
}

export function AttestationForm({ cluster, controlId, expiry }: { cluster: string; controlId: string; expiry: ExpiryChoices }) {
  const mutation = useRecordAttestation();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    mutation.mutate({
      cluster,
      controlId,
      statement: field(form, 'statement'),
      evidenceUrl: field(form, 'evidenceUrl'),
      owner: field(form, 'owner'),
      expiresAt: expiresAtOf(form),
    });
  }
  return (
    <form onSubmit={submit} aria-labelledby="attestation-form-heading" className="space-y-3 rounded border border-gray-200 bg-white p-4">
      <h3 id="attestation-form-heading" className="font-semibold">
        Record an attestation
      </h3>
      <p className="text-sm text-gray-700">No cluster can show this control. State how it is met and link to the evidence; the attestation applies until it expires.</p>
      <label className="block text-sm font-medium">
        Statement
        <textarea name="statement" required minLength={10} maxLength={4000} rows={3} className={inputClass} />
      </label>
      <label className="block text-sm font-medium">
        Link to the evidence
        <input name="evidenceUrl" type="url" required placeholder="https://…" className={inputClass} />
      </label>
      <label className="block text-sm font-medium">
        Owner
        <input name="owner" required minLength={2} maxLength={200} className={inputClass} />
      </label>
      <ExpiryField id="attestation-expires" expiry={expiry} />
      <button type="submit" disabled={mutation.isPending} className="rounded bg-blue-800 px-4 py-2 text-white disabled:opacity-60">
        {mutation.isPending ? 'Recording…' : 'Record attestation'}
      </button>
      <Feedback error={mutation.error} isSuccess={mutation.isSuccess} successText="Attestation recorded." />
    </form>
  );
}

/** Revoking keeps the record and says who revoked it and why. */
export function RevokeForm({ kind, id }: { kind: 'attestation' | 'waiver'; id: string }) {
  const mutation = useRevokeSignOff(kind);
  const [reason, setReason] = useState('');
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer text-blue-800">Revoke this {kind}…</summary>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          mutation.mutate({ id, reason });
        }}
        className="mt-2 flex flex-wrap items-end gap-2"
      >
        <label className="flex min-w-64 flex-1 flex-col">
          Reason (optional)
          <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={2000} className="mt-1 rounded border border-gray-400 px-2 py-1" />
        </label>
        <button type="submit" disabled={mutation.isPending} className="rounded bg-red-800 px-3 py-1.5 text-white disabled:opacity-60">
          {mutation.isPending ? 'Revoking…' : `Revoke ${kind}`}
        </button>
      </form>
      <Feedback error={mutation.error} isSuccess={mutation.isSuccess} successText="Revoked." />
    </details>
  );
}
