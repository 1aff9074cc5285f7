'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
// zod/mini: the same checks, a fraction of the JavaScript the page sends
import { z } from 'zod/mini';
import { queryKeys } from './keys';

/**
 * Recording and revoking attestations and waivers from the drilldown. Each posts to the API (which
 * checks the role and writes the audit trail) and then re-renders the page from the server, so what
 * the page shows is always what was stored.
 */

export interface NewAttestationInput {
  cluster: string;
  controlId: string;
  statement: string;
  evidenceUrl: string;
  owner: string;
  expiresAt: string;
}

export interface NewWaiverInput {
  cluster: string;
  controlId: string;
  risk: string;
  reason: string;
  owner: string;
  expiresAt: string;
}

const errorEnvelope = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** Sends JSON; an answer that is not 2xx becomes an Error carrying the envelope's message. */
async function sendJson(method: 'POST' | 'DELETE', url: string, body: unknown): Promise<void> {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.ok) return;
  const parsed = errorEnvelope.safeParse(await response.json().catch(() => null));
  throw new Error(parsed.success ? parsed.data.error.message : `the server answered ${response.status}`);
}

function useRefreshingMutation<Input>(send: (input: Input) => Promise<void>) {
  const router = useRouter();
  return useMutation({
    mutationKey: queryKeys.signOffs,
    mutationFn: send,
    onSuccess: () => router.refresh(),
  });
}

export function useRecordAttestation() {
  return useRefreshingMutation((input: NewAttestationInput) => sendJson('POST', '/api/attestations', input));
}

export function useRecordWaiver() {
  return useRefreshingMutation((input: NewWaiverInput) => sendJson('POST', '/api/waivers', input));
}

export function useRevokeSignOff(kind: 'attestation' | 'waiver') {
  return useRefreshingMutation((input: { id: string; reason: string }) =>
    sendJson('DELETE', `/api/${kind}s/${encodeURIComponent(input.id)}`, input.reason.trim() === '' ? {} : { reason: input.reason.trim() }),
  );
}
