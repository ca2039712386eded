import path from 'node:path';

/** Where stored files live inside the data folder; database rows keep paths relative to it. */
export const storePaths = {
  modelDir: (modelId: string) => path.join('models', modelId),
  calibrationFile: (setId: string) => path.join('calibration', `${setId}.i64`),
  fusedModelDir: (runId: string) => path.join('fused', runId),
  /** Optimized analysis sessions, shared by every job of a model (safe to delete). */
  absolute: (dataDir: string, relative: string) => path.join(dataDir, relative),
};
