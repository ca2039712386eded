import { NextResponse, type NextRequest } from 'next/server';
import { guardRequest } from '@/lib/auth/guard-request.ts';
import { getDb } from '@/lib/db/prisma-client.ts';

/** Sign-in, roles and CSRF for every page and API route: the rules live in lib/auth/route-permissions.ts. */
export async function proxy(request: NextRequest) {
  const decision = await guardRequest(getDb(), request);
  if (!decision.pass) return decision.response;
  const response = NextResponse.next();
  for (const cookie of decision.setCookies) response.headers.append('set-cookie', cookie);
  return response;
}

export const config = {
  // POST /api/models streams model uploads of any size; the proxy would buffer the body, so that
  // path guards itself (app/api/models/route.ts).
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/models$).*)'],
};
