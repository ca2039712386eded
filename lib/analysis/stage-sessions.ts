import * as ort from 'onnxruntime-node';
import type { DecoderPartition } from '../onnx/decoder-partition.ts';
import { buildBlockChainModel, type BlockChainModel } from './block-chain-model.ts';
import { createCachedSession } from './optimized-session-cache.ts';
import type { SessionCacheUse } from './types.ts';
import { sessionOptions, type SessionSettings } from './session-settings.ts';

/** The sessions of a partitioned decoder: the prologue, and the blocks with the epilogue (one chain session). */
export interface StageSessions {
  prologue: ort.InferenceSession;
  chain: ort.InferenceSession;
  chainModel: Omit<BlockChainModel, 'bytes' | 'externalData'>;
  partition: DecoderPartition;
  /** Whether the chain session came from the optimized-model cache. */
  chainCache: SessionCacheUse;
}

/** `cacheDir`: folder of optimized chain models (optimized-session-cache.ts); none: no caching. */
export async function createStageSessions(partition: DecoderPartition, settings: SessionSettings, cacheDir?: string): Promise<StageSessions> {
  const options = sessionOptions(settings);
  const { bytes, externalData, ...chainModel } = buildBlockChainModel(partition);
  const prologue = await ort.InferenceSession.create(partition.prologue.bytes, options);
  const { session: chain, cache } = await createCachedSession({ bytes, externalData }, options, cacheDir);
  return { prologue, chain, chainModel, partition, chainCache: cache };
}

export async function releaseStageSessions(sessions: StageSessions): Promise<void> {
  await sessions.prologue.release();
  await sessions.chain.release();
}
