import crypto from 'node:crypto';

/** A random 256-bit token, URL-safe, with a readable prefix naming what it is. */
export function newSecretToken(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(32).toString('base64url')}`;
}

/** Tokens carry 256 random bits, so a plain SHA-256 is enough to store them safely. */
export function hashSecretToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
