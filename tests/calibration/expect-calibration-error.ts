import { expect } from 'vitest';
import { CalibrationError, type CalibrationErrorCode } from '../../lib/calibration/calibration-error.ts';

/** Runs action and returns the CalibrationError it must throw, after checking its code and message. */
export function expectCalibrationError(action: () => unknown, code: CalibrationErrorCode, message: RegExp | string): CalibrationError {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(CalibrationError);
  const error = thrown as CalibrationError;
  expect(error.code).toBe(code);
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
  return error;
}
