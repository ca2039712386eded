'use client';

import './csrf-fetch.ts';

/** JSON in, JSON out, `{error}` answers thrown as Errors. */
export async function sendJson<T>(url: string, method: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new Error(answer.error ?? `${url} answered ${response.status}`);
  return answer as T;
}

export const getJson = <T,>(url: string) => sendJson<T>(url, 'GET');
