import { describe, expect, it } from 'vitest';
import { checkExpiry, SignOffRejectedError, signOffStateAt, toSignOffView } from './sign-offs';

const at = (iso: string) => new Date(iso);
const record = { createdAt: at('2026-01-01T00:00:00Z'), expiresAt: at('2026-02-01T00:00:00Z'), revokedAt: null };

describe('signOffStateAt', () => {
  it('is active from the moment it is recorded until it expires', () => {
    expect(signOffStateAt(record, at('2026-01-01T00:00:00Z'))).toBe('active');
    expect(signOffStateAt(record, at('2026-01-31T23:59:59Z'))).toBe('active');
  });

  it('stops applying at the expiry, not a moment later', () => {
    expect(signOffStateAt(record, at('2026-02-01T00:00:00Z'))).toBe('expired');
  });

  it('did not exist before it was recorded (as-of views before that do not show it)', () => {
    expect(signOffStateAt(record, at('2025-12-31T23:59:59Z'))).toBeNull();
  });

  it('is revoked from the revocation on, and still active as of a time before it', () => {
    const revoked = { ...record, revokedAt: at('2026-01-15T00:00:00Z') };
    expect(signOffStateAt(revoked, at('2026-01-14T00:00:00Z'))).toBe('active');
    expect(signOffStateAt(revoked, at('2026-01-15T00:00:00Z'))).toBe('revoked');
    expect(signOffStateAt(revoked, at('2026-03-01T00:00:00Z'))).toBe('revoked');
  });
});

describe('checkExpiry', () => {
  const now = at('2026-01-01T00:00:00Z');

  it('accepts a date in the coming year', () => {
    expect(() => checkExpiry(at('2026-04-01T00:00:00Z'), now)).not.toThrow();
  });

  it('refuses a date in the past, now itself, and one more than 366 days away', () => {
    for (const expiresAt of [at('2025-12-31T00:00:00Z'), now, at('2027-01-03T00:00:00Z')]) {
      expect(() => checkExpiry(expiresAt, now)).toThrow(SignOffRejectedError);
    }
  });
});

describe('toSignOffView', () => {
  const row = {
    id: 'id-1',
    clusterName: 'demo',
    controlId: 'S5.NON-ROOT',
    owner: 'platform team',
    createdAt: at('2026-01-01T00:00:00Z'),
    expiresAt: at('2026-02-01T00:00:00Z'),
    createdBy: 'local:alice',
    createdByName: 'alice',
    revokedAt: at('2026-01-15T00:00:00Z'),
    revokedBy: 'local:bob',
    revokedByName: 'bob',
    revocationReason: 'fixed',
  };

  it('shows a revocation only to views of a time after it', () => {
    expect(toSignOffView(row, at('2026-01-10T00:00:00Z'))).toMatchObject({ state: 'active', revocation: null });
    expect(toSignOffView(row, at('2026-01-20T00:00:00Z'))).toMatchObject({
      state: 'revoked',
      revocation: { at: '2026-01-15T00:00:00.000Z', by: { sub: 'local:bob', name: 'bob' }, reason: 'fixed' },
      author: { sub: 'local:alice', name: 'alice' },
    });
  });
});
