import 'server-only';
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import type { Config } from '@/lib/config';

/**
 * Ed25519 signatures of manifest hashes. The signed message is the 64 ASCII characters of the hex
 * manifest hash; the signature is stored base64 and the public key as SPKI PEM beside it, so that
 * anyone holding the public key can check a snapshot without Refmap.
 */

export interface ManifestSignature {
  signature: string;
  publicKeyPem: string;
}

export function signManifestHash(manifestHash: string, privateKeyPem: string): ManifestSignature {
  const privateKey = createPrivateKey(privateKeyPem);
  return {
    // Ed25519 hashes internally: Node takes `null` as the digest algorithm for it
    signature: sign(null, Buffer.from(manifestHash, 'utf8'), privateKey).toString('base64'),
    publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** False for a wrong signature and for anything that is not an Ed25519 public key. */
export function isManifestSignatureValid(manifestHash: string, signature: string, publicKeyPem: string): boolean {
  try {
    const publicKey = createPublicKey(publicKeyPem);
    if (publicKey.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, Buffer.from(manifestHash, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** The same key whatever its PEM wrapping: compares the DER encodings. */
export function isSamePublicKey(a: string, b: string): boolean {
  try {
    const der = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' });
    return der(a).equals(der(b));
  } catch {
    return false;
  }
}

/** `sha256:<hex>` of the key's DER (SPKI) encoding, the same whatever its PEM wrapping; `unreadable` for a broken key. */
export function publicKeyFingerprint(publicKeyPem: string): string {
  try {
    return `sha256:${createHash('sha256').update(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' })).digest('hex')}`;
  } catch {
    return 'unreadable';
  }
}

/**
 * Why a server may not start unsigned, or null: in production (outside demo mode) every snapshot must
 * be signed, unless REFMAP_ALLOW_UNSIGNED=true says that hashes alone are meant.
 */
export function unsignedRefusal(config: Pick<Config, 'isProduction' | 'isDemo' | 'signingKeyPem' | 'allowUnsigned'>): { variable: string; reason: string } | null {
  if (!config.isProduction || config.isDemo || config.signingKeyPem !== undefined || config.allowUnsigned) return null;
  return {
    variable: 'REFMAP_SIGNING_KEY_FILE',
    reason: 'is required in production (NODE_ENV=production): without it snapshots are hashed but not signed, and anyone with database access can re-seal them; set REFMAP_ALLOW_UNSIGNED=true to run unsigned on purpose',
  };
}
