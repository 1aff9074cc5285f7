import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceError } from '@/lib/sources/source-error';
import { openTransport } from './transport';

const dir = mkdtempSync(path.join(tmpdir(), 'refmap-kubeconfig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kubernetes transport', () => {
  it('applies a URL, token and TLS settings directly', async () => {
    const transport = await openTransport({ kind: 'url', connection: { url: 'https://api.example.com:6443', token: 't0ken', ca: 'CA PEM', skipTlsVerify: false } });
    const options: https.RequestOptions = { headers: { accept: 'application/json' } };
    await transport.applyTo(options);
    expect(transport.server).toBe('https://api.example.com:6443');
    expect(options).toMatchObject({ headers: { accept: 'application/json', authorization: 'Bearer t0ken' }, ca: 'CA PEM', rejectUnauthorized: true });
  });

  it("reads a kubeconfig's current context and its user's token", async () => {
    const kubeconfigPath = path.join(dir, 'config');
    writeFileSync(
      kubeconfigPath,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: wc1',
        'clusters: [{name: wc1, cluster: {server: "https://wc1.example.com:6443", insecure-skip-tls-verify: true}}]',
        'users: [{name: refmap, user: {token: from-kubeconfig}}]',
        'contexts: [{name: wc1, context: {cluster: wc1, user: refmap}}]',
      ].join('\n'),
    );
    const transport = await openTransport({ kind: 'kubeconfig', kubeconfigPath });
    const options: https.RequestOptions = {};
    await transport.applyTo(options);
    expect(transport.server).toBe('https://wc1.example.com:6443');
    expect(JSON.stringify(options.headers)).toContain('Bearer from-kubeconfig');
  });

  it('calls a kubeconfig it cannot read a source error that quotes nothing of the file', async () => {
    const kubeconfigPath = path.join(dir, 'broken');
    writeFileSync(kubeconfigPath, 'users: [{name: x, user: {token: s3cret-value}\n  : : :');
    const failure = await openTransport({ kind: 'kubeconfig', kubeconfigPath }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SourceError);
    expect((failure as SourceError).message).toContain('cannot use the kubeconfig');
    expect((failure as SourceError).message).not.toContain('s3cret');
  });
});
