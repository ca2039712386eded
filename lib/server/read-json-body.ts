import { badRequest } from './http-error.ts';

export async function readJsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw badRequest('the request body must be JSON');
  }
}
