'use client';

const CSRF_COOKIE = 'fusionscope_csrf';
const CSRF_HEADER = 'x-csrf-token';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function readCsrfToken(): string | null {
  if (typeof document === 'undefined') return null;
  const found = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return found ? decodeURIComponent(found.slice(CSRF_COOKIE.length + 1)) : null;
}

function isSameOrigin(input: RequestInfo | URL): boolean {
  const url = typeof input === 'string' || input instanceof URL ? new URL(input, window.location.href) : new URL(input.url);
  return url.origin === window.location.origin;
}

function methodOf(input: RequestInfo | URL, init?: RequestInit): string {
  return (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
}

/**
 * Every same-origin change the pages send repeats the CSRF cookie in a header (double submit),
 * whichever component sends it: fetch is wrapped once, in the browser.
 */
function installCsrfFetch(): void {
  const w = window as typeof window & { fusionscopeCsrfFetch?: true };
  if (w.fusionscopeCsrfFetch) return;
  w.fusionscopeCsrfFetch = true;
  const original = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const token = readCsrfToken();
    if (!token || SAFE.has(methodOf(input, init)) || !isSameOrigin(input)) return original(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (!headers.has(CSRF_HEADER)) headers.set(CSRF_HEADER, token);
    return original(input, { ...init, headers });
  };
}

if (typeof window !== 'undefined') installCsrfFetch();

export {};
