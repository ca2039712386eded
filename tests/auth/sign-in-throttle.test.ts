import { describe, expect, it } from 'vitest';
import { clearSignInFailures, recordSignInFailure, signInRetryAfter } from '../../lib/auth/sign-in-throttle.ts';

describe('sign-in throttle', () => {
  it('refuses an email after ten failures in 15 minutes, until the oldest ages out', () => {
    const t0 = 1_000_000;
    for (let k = 0; k < 9; k++) recordSignInFailure('a@x', t0 + k);
    expect(signInRetryAfter('a@x', t0 + 10)).toBe(0);
    recordSignInFailure('a@x', t0 + 10);
    expect(signInRetryAfter('a@x', t0 + 11)).toBe(900);
    expect(signInRetryAfter('b@x', t0 + 11)).toBe(0);
    expect(signInRetryAfter('a@x', t0 + 15 * 60_000 + 1)).toBe(0);
    clearSignInFailures('a@x');
  });
});
