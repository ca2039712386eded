export type CalibrationErrorCode =
  | 'empty'
  | 'unknown-dtype'
  | 'truncated'
  | 'bad-npy'
  | 'bad-json'
  | 'bad-text'
  | 'out-of-vocabulary'
  | 'not-byte-level'
  | 'bad-sequence-length'
  | 'sequence-too-long'
  | 'too-few-tokens';

/** Calibration input that cannot be used as given; the message says why and what would do. */
export class CalibrationError extends Error {
  readonly code: CalibrationErrorCode;

  constructor(code: CalibrationErrorCode, message: string) {
    super(message);
    this.name = 'CalibrationError';
    this.code = code;
  }
}
