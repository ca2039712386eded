import * as ort from 'onnxruntime-node';
import type { DecoderPartition, StageModel } from '../onnx/decoder-partition.ts';
import { sessionOptions, type SessionSettings } from './session-settings.ts';

/** One ORT session per stage of a partitioned decoder. */
export interface StageSessions {
  prologue: ort.InferenceSession;
  blocks: ort.InferenceSession[];
  epilogue: ort.InferenceSession;
  partition: DecoderPartition;
}

export async function createStageSessions(partition: DecoderPartition, settings: SessionSettings): Promise<StageSessions> {
  const options = sessionOptions(settings);
  const open = (stage: StageModel) => ort.InferenceSession.create(stage.bytes, options);
  const prologue = await open(partition.prologue);
  const blocks: ort.InferenceSession[] = [];
  for (const stage of partition.blocks) blocks.push(await open(stage));
  const epilogue = await open(partition.epilogue);
  return { prologue, blocks, epilogue, partition };
}

export async function releaseStageSessions(sessions: StageSessions): Promise<void> {
  await sessions.prologue.release();
  for (const s of sessions.blocks) await s.release();
  await sessions.epilogue.release();
}
