import * as ort from 'onnxruntime-node';
import type { DecoderPartition, StageModel } from '../onnx/decoder-partition.ts';
import { buildBlockSwitchModel, type BlockSwitchModel } from './block-switch-model.ts';
import { sessionOptions, type SessionSettings } from './session-settings.ts';

/** The sessions of a partitioned decoder: prologue, every block (one switch session), epilogue. */
export interface StageSessions {
  prologue: ort.InferenceSession;
  blocks: ort.InferenceSession;
  blockSwitch: Omit<BlockSwitchModel, 'bytes' | 'externalData'>;
  epilogue: ort.InferenceSession;
  partition: DecoderPartition;
}

export async function createStageSessions(partition: DecoderPartition, settings: SessionSettings): Promise<StageSessions> {
  const options = sessionOptions(settings);
  const open = (stage: StageModel) => ort.InferenceSession.create(stage.bytes, options);
  const { bytes, externalData, ...blockSwitch } = buildBlockSwitchModel(partition);
  const prologue = await open(partition.prologue);
  const blocks = await ort.InferenceSession.create(bytes, { ...options, externalData });
  const epilogue = await open(partition.epilogue);
  return { prologue, blocks, blockSwitch, epilogue, partition };
}

export async function releaseStageSessions(sessions: StageSessions): Promise<void> {
  await sessions.prologue.release();
  await sessions.blocks.release();
  await sessions.epilogue.release();
}
