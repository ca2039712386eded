import * as ort from 'onnxruntime-node';
import { executionProviderOption, type ExecutionProvider } from './execution-provider.ts';

/** ORT settings shared by every session the analysis creates (stages, full model, reference). */
export interface SessionSettings {
  /** Threads used inside one operator; default: ORT's choice (one per physical core). */
  intraOpThreads?: number;
  /** Default 'cpu'. */
  executionProvider?: ExecutionProvider;
}

/**
 * The engine runs one stage session at a time (a block, then the next), each with its own thread
 * pool and CPU memory arena, released before the next is created.
 * - Thread spinning is off: a pool spinning after its run steals the cores from the next session
 *   (2.5x slower on 2 cores when several sessions were alive).
 * - The arena is on: without it every run mallocs and frees its activations, and glibc hands the
 *   large ones back to the kernel, so the next run page-faults them in again. It goes with the
 *   session, so it holds at most one block's largest run.
 * - Memory patterns are off: they plan for one input shape, and the runs of a block take several
 *   (the intact batch, stacks of variants).
 */
export function sessionOptions(settings: SessionSettings = {}): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [executionProviderOption(settings.executionProvider ?? 'cpu')],
    intraOpNumThreads: settings.intraOpThreads ?? 0,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    enableCpuMemArena: true,
    enableMemPattern: false,
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  };
}
