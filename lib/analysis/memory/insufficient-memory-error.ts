/** The analysis would not fit in the memory it may use: refused before any work. */
export class InsufficientMemoryError extends Error {
  readonly neededBytes: number;
  readonly availableBytes: number;

  constructor(message: string, neededBytes: number, availableBytes: number) {
    super(message);
    this.name = 'InsufficientMemoryError';
    this.neededBytes = neededBytes;
    this.availableBytes = availableBytes;
  }
}
