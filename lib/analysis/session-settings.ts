import * as ort from 'onnxruntime-node';

/** ORT settings shared by every session the analysis creates (stages, full model, reference). */
export interface SessionSettings {
  /** Threads used inside one operator; default: all cores (0 lets ORT decide). */
  intraOpThreads?: number;
}

export function sessionOptions(settings: SessionSettings = {}): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: ['cpu'],
    intraOpNumThreads: settings.intraOpThreads ?? 0,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  };
}
