import { ZodError } from 'zod';
import { HttpError } from './http-error.ts';

function zodMessage(error: ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

/** Answers errors as `{error}` JSON: HttpError with its status, schema failures 400, the rest 500. */
export async function jsonRoute(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof HttpError) return Response.json({ error: error.message }, { status: error.status });
    if (error instanceof ZodError) return Response.json({ error: zodMessage(error) }, { status: 400 });
    console.error(error);
    return Response.json({ error: error instanceof Error ? error.message : String(error) }, { status: 500 });
  }
}
