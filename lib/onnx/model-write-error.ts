import { basename, dirname } from 'node:path';

/** Error codes meaning the disk (or the user's quota on it) is full. */
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/**
 * Saving a model failed. The message names the file, says that nothing was left behind (the
 * partial files under temporary names are removed) and what to do; `cause` is the original error.
 */
export class ModelWriteError extends Error {
  readonly target: string;
  /** The system error code (ENOSPC, EACCES, ...), when there was one. */
  readonly code: string | null;

  constructor(target: string, bytesNeeded: number, cause: unknown) {
    const code = systemCode(cause);
    super(message(target, bytesNeeded, code, cause), { cause });
    this.name = 'ModelWriteError';
    this.target = target;
    this.code = code;
  }
}

function message(target: string, bytesNeeded: number, code: string | null, cause: unknown): string {
  const leftBehind = 'nothing was left behind (the partial files were removed)';
  if (code && DISK_FULL.has(code)) {
    return `no space left on the disk holding ${dirname(target)} while writing ${basename(target)} (${code}): the model needs about ${gigabytes(bytesNeeded)} there; ${leftBehind}. Free that much space or write the model to a folder on another disk.`;
  }
  const reason = cause instanceof Error ? cause.message : String(cause);
  const advice = code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
    ? ` Check that ${dirname(target)} is writable.`
    : '';
  return `could not write ${target}: ${reason}; ${leftBehind}.${advice}`;
}

function systemCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

function gigabytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
