import * as ort from 'onnxruntime-node';

/** ORT settings shared by every session the analysis creates (stages, full model, reference). */
export interface SessionSettings {
  /** Threads used inside one operator; default: ORT's choice (all cores). */
  intraOpThreads?: number;
}

/**
 * The engine holds one session per stage (L + 2 of them), each with its own thread pool and
 * allocator, and runs them one after another. Two ORT defaults hurt that pattern and are off:
 * - thread spinning: idle pools of the other sessions keep spinning after each run and steal the
 *   cores from the session that runs next (measured: a 24-block pass 2.5x slower on 2 cores);
 * - the per-session CPU arena (and memory patterns): each session would keep the peak activation
 *   memory of its largest stacked batch for its lifetime, so peak RSS grew with L x batch
 *   instead of one batch; with plain allocation, memory is returned after every run.
 * The baseline full-model forward pass uses the same settings.
 */
export function sessionOptions(settings: SessionSettings = {}): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: ['cpu'],
    intraOpNumThreads: settings.intraOpThreads ?? 0,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    enableCpuMemArena: false,
    enableMemPattern: false,
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  };
}
