import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/**
 * Discord signs every request to an Interactions Endpoint URL: `X-Signature-Ed25519` is the
 * Ed25519 signature of `X-Signature-Timestamp` followed by the raw body, made with the
 * application's key (DISCORD_PUBLIC_KEY). Checked with node:crypto before the body is parsed.
 */

/** The DER header of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** A signed request older (or newer) than this is refused, so a captured one cannot be replayed later. */
export const MAX_SIGNATURE_AGE_SECONDS = 300;

export function publicKeyFromHex(hex: string): KeyObject {
  const raw = Buffer.from(hex, 'hex');
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes (64 hex characters)');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function checkSignature(
  key: KeyObject,
  headers: { signature?: string; timestamp?: string },
  body: Buffer,
  nowMs = Date.now(),
): SignatureCheck {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return { ok: false, reason: 'missing signature headers' };
  if (!/^[0-9a-f]{128}$/i.test(signature)) return { ok: false, reason: 'malformed signature' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SIGNATURE_AGE_SECONDS)
    return { ok: false, reason: 'stale timestamp' };
  const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), body]);
  const valid = verify(null, signed, key, Buffer.from(signature, 'hex'));
  return valid ? { ok: true } : { ok: false, reason: 'bad signature' };
}
