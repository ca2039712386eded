export const SESSION_COOKIE = 'fusionscope_session';
export const CSRF_COOKIE = 'fusionscope_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function readCookie(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

interface CookieOptions {
  httpOnly: boolean;
  sameSite: 'Lax' | 'Strict';
  secure: boolean;
  maxAgeSeconds: number;
}

function serialize(name: string, value: string, o: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', `Max-Age=${o.maxAgeSeconds}`, `SameSite=${o.sameSite}`];
  if (o.httpOnly) parts.push('HttpOnly');
  if (o.secure) parts.push('Secure');
  return parts.join('; ');
}

/** The session cookie is httpOnly; the CSRF cookie must be readable by the page to echo it in a header. */
export function sessionCookies(session: { token: string; expiresAt: Date }, csrfToken: string, secure: boolean): string[] {
  const maxAgeSeconds = Math.max(0, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000));
  return [
    serialize(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'Lax', secure, maxAgeSeconds }),
    csrfCookie(csrfToken, secure, maxAgeSeconds),
  ];
}

export function csrfCookie(csrfToken: string, secure: boolean, maxAgeSeconds = 7 * 24 * 3600): string {
  return serialize(CSRF_COOKIE, csrfToken, { httpOnly: false, sameSite: 'Strict', secure, maxAgeSeconds });
}

export function clearedCookies(secure: boolean): string[] {
  const gone = { sameSite: 'Lax' as const, secure, maxAgeSeconds: 0 };
  return [serialize(SESSION_COOKIE, '', { ...gone, httpOnly: true }), serialize(CSRF_COOKIE, '', { ...gone, httpOnly: false })];
}

export function isSecureRequest(url: string, headers: Headers): boolean {
  return (headers.get('x-forwarded-proto') ?? new URL(url).protocol.replace(':', '')) === 'https';
}
