import type { Db } from '../db/prisma-client.ts';
import { authenticateRequest } from './authenticate-request.ts';
import { CSRF_COOKIE, csrfCookie, isSecureRequest, readCookie } from './cookies.ts';
import { crossSiteProblem, csrfTokenProblem, isMutating } from './csrf.ts';
import { requiredAccess } from './route-permissions.ts';
import { roleAllows } from './roles.ts';
import { newSecretToken } from './secret-token.ts';
import { countUsers } from './users.ts';

export type GuardDecision =
  | { pass: true; setCookies: string[] }
  | { pass: false; response: Response };

export interface GuardedRequest {
  method: string;
  url: string;
  headers: Headers;
}

const pass = (setCookies: string[] = []): GuardDecision => ({ pass: true, setCookies });
const refuse = (response: Response): GuardDecision => ({ pass: false, response });

function isApi(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

function deny(pathname: string, status: 401 | 403, error: string): Response {
  if (isApi(pathname)) {
    const headers: HeadersInit = status === 401 ? { 'WWW-Authenticate': 'Bearer realm="fusionscope"' } : {};
    return Response.json({ error }, { status, headers });
  }
  return new Response(`${status === 401 ? 'Unauthorized' : 'Forbidden'}: ${error}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

async function signInRedirect(db: Db, url: URL): Promise<Response> {
  const target = (await countUsers(db)) === 0 ? new URL('/setup', url) : new URL('/signin', url);
  if (target.pathname === '/signin' && url.pathname !== '/') target.searchParams.set('next', url.pathname + url.search);
  return Response.redirect(target, 307);
}

/**
 * Every request but the public ones needs a session or a bearer token (401, or the sign-in
 * page for a page request), a role that may make it (403), and for a cookie-authenticated
 * change, proof that it came from this site's own pages (403).
 */
export async function guardRequest(db: Db, request: GuardedRequest): Promise<GuardDecision> {
  const url = new URL(request.url);
  const access = requiredAccess(request.method, url.pathname);
  const mutating = isMutating(request.method);
  if (access === 'public') {
    const problem = mutating ? crossSiteProblem(request.headers, request.url) : null;
    return problem ? refuse(deny(url.pathname, 403, `cross-site request refused: ${problem}`)) : pass();
  }
  const auth = await authenticateRequest(db, request.headers);
  if (!auth) {
    if (!isApi(url.pathname) && !mutating) return refuse(await signInRedirect(db, url));
    return refuse(deny(url.pathname, 401, 'sign in, or send an API token as "Authorization: Bearer <token>"'));
  }
  if (!roleAllows(auth.user.role, access)) {
    return refuse(deny(url.pathname, 403, `this needs the ${access} role; ${auth.user.email} is ${auth.user.role}`));
  }
  if (auth.via === 'session' && mutating) {
    const problem = crossSiteProblem(request.headers, request.url) ?? csrfTokenProblem(request.headers);
    if (problem) return refuse(deny(url.pathname, 403, `cross-site request refused: ${problem}`));
  }
  const needsCsrfCookie = auth.via === 'session' && !readCookie(request.headers.get('cookie'), CSRF_COOKIE);
  return pass(needsCsrfCookie ? [csrfCookie(newSecretToken('fsc'), isSecureRequest(request.url, request.headers))] : []);
}
