/** Failed sign-ins per email; after MAX_FAILURES within WINDOW_MS the email is refused until the window passes. */
const MAX_FAILURES = 10;
const WINDOW_MS = 15 * 60_000;

const failures = new Map<string, number[]>();

function recent(key: string, now: number): number[] {
  const kept = (failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (kept.length) failures.set(key, kept);
  else failures.delete(key);
  return kept;
}

/** Seconds to wait before trying this email again, or 0. */
export function signInRetryAfter(email: string, now = Date.now()): number {
  const times = recent(email, now);
  return times.length >= MAX_FAILURES ? Math.ceil((times[0]! + WINDOW_MS - now) / 1000) : 0;
}

export function recordSignInFailure(email: string, now = Date.now()): void {
  failures.set(email, [...recent(email, now), now]);
}

export function clearSignInFailures(email: string): void {
  failures.delete(email);
}
