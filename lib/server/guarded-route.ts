import { guardRequest } from '../auth/guard-request.ts';
import { getDb } from '../db/prisma-client.ts';

/**
 * Applies the proxy's sign-in, role and CSRF rules inside a route handler, for routes the proxy
 * leaves out (model uploads: the proxy would hold the whole request body in memory).
 */
export async function guardedRoute(request: Request, handler: () => Promise<Response>): Promise<Response> {
  const decision = await guardRequest(getDb(), request);
  if (!decision.pass) return decision.response;
  const response = await handler();
  for (const cookie of decision.setCookies) response.headers.append('set-cookie', cookie);
  return response;
}
