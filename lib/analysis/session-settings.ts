import * as ort from 'onnxruntime-node';

/** ORT settings shared by every session the analysis creates (stages, full model, reference). */
export interface SessionSettings {
  /** Threads used inside one operator; default: ORT's choice (all cores). */
  intraOpThreads?: number;
}

/**
 * The engine runs a few sessions one after another (prologue, the block chain holding every block
 * and the epilogue, measurement graphs), each with its own thread pool and CPU memory arena.
 * - Thread spinning is off: idle pools of the other sessions would keep spinning after each run
 *   and steal the cores from the session that runs next (measured: 2.5x slower on 2 cores).
 * - The arena is on: without it every run mallocs and frees its activations, and glibc hands
 *   the large ones back to the kernel, so the next run page-faults them in again (about a
 *   million faults for the demo matrix, a quarter of the block time). One arena per session
 *   keeps the peak of that session's largest run, and all blocks share the chain session's.
 * - Memory patterns are off: turning them on (for the forward pass too) gave no gain on the demo
 *   (warm ratio 14.4 against 13.0 off, within this machine's noise) and 70 MB more peak memory.
 * The baseline full-model forward pass uses the same settings.
 */
export function sessionOptions(settings: SessionSettings = {}): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: ['cpu'],
    intraOpNumThreads: settings.intraOpThreads ?? 0,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    enableCpuMemArena: true,
    enableMemPattern: false,
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  };
}
