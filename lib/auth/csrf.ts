import { CSRF_COOKIE, CSRF_HEADER, readCookie } from './cookies.ts';
import { sameSecret } from './secret-token.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isMutating(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

function expectedHost(headers: Headers, url: string): string {
  return headers.get('x-forwarded-host') ?? headers.get('host') ?? new URL(url).host;
}

/** Why a browser request looks cross-site (Sec-Fetch-Site, Origin), or null. */
export function crossSiteProblem(headers: Headers, url: string): string | null {
  const site = headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site is ${site}`;
  const origin = headers.get('origin');
  if (origin && origin !== 'null') {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return `Origin ${origin} is not a URL`;
    }
    if (host !== expectedHost(headers, url)) return `Origin ${origin} is another site`;
  } else if (origin === 'null') {
    return 'Origin is null';
  }
  return null;
}

/** Double submit: the header must repeat the CSRF cookie, which another site can neither read nor set. */
export function csrfTokenProblem(headers: Headers): string | null {
  const cookie = readCookie(headers.get('cookie'), CSRF_COOKIE);
  const header = headers.get(CSRF_HEADER);
  if (!cookie || !header) return `the ${CSRF_HEADER} header must repeat the ${CSRF_COOKIE} cookie`;
  return sameSecret(cookie, header) ? null : `the ${CSRF_HEADER} header does not match the ${CSRF_COOKIE} cookie`;
}
