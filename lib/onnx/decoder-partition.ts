import type { ModelProto } from './onnx-types.ts';

/**
 * A decoder cut into separately runnable ONNX models (serialized ModelProto bytes), so that
 * the engine can run the prologue once, each block as its own stage, and the epilogue.
 *
 * Every stage is fed by name. `sideInputs` are values computed by the prologue that a stage
 * also needs (rotary tables, masks, shapes); the engine passes the prologue's outputs through.
 */
export interface StageModel {
  /** The stage as a model message; its initializers as stored in the source (inline or external: see runnableModel). */
  model: ModelProto;
  /** Stage input names: the stream value first (absent for the prologue), then side inputs. */
  inputs: string[];
  outputs: string[];
}

export interface DecoderPartition {
  /** Model inputs (input_ids, attention_mask, ...) -> [streamStart, ...side values]. */
  prologue: StageModel;
  /** blocks[k]: [blocks[k].input, ...side values] -> [blocks[k].output]. */
  blocks: StageModel[];
  /** [streamEnd, ...side values] -> [logits]. */
  epilogue: StageModel;
  /** Names of the prologue outputs other than the stream, in order. */
  sideValues: string[];
}
