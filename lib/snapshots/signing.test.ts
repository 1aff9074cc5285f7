import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';
import { publicKeyFingerprint, unsignedRefusal } from './signing';

const SOURCES = { PROMETHEUS_URL: 'http://prometheus.example.com', REFMAP_OIDC_ISSUER: '' };

describe('unsignedRefusal', () => {
  it('refuses a production server with sources and no signing key', () => {
    expect(unsignedRefusal(loadConfig({ ...SOURCES, NODE_ENV: 'production' }))?.variable).toBe('REFMAP_SIGNING_KEY_FILE');
  });

  it('lets it run unsigned only when REFMAP_ALLOW_UNSIGNED=true says so, and never asks outside production or in demo mode', () => {
    expect(unsignedRefusal(loadConfig({ ...SOURCES, NODE_ENV: 'production', REFMAP_ALLOW_UNSIGNED: 'true' }))).toBeNull();
    expect(unsignedRefusal(loadConfig({ ...SOURCES, NODE_ENV: 'staging' }))).toBeNull();
    expect(unsignedRefusal(loadConfig({ NODE_ENV: 'production', REFMAP_DEMO: 'true' }))).toBeNull();
  });
});

describe('publicKeyFingerprint', () => {
  it('is the same for the same key and differs between keys', () => {
    const one = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const two = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(publicKeyFingerprint(one)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(publicKeyFingerprint(one)).toBe(publicKeyFingerprint(`\n${one}`));
    expect(publicKeyFingerprint(one)).not.toBe(publicKeyFingerprint(two));
    expect(publicKeyFingerprint('not a key')).toBe('unreadable');
  });
});
