import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { DecoderStructure } from '../onnx/decoder-structure.ts';
import { PROTOBUF_SIZE_LIMIT } from '../onnx/encode-model.ts';
import { buildBlockChainModel, type BlockChainNames } from './block-chain-model.ts';
import { openDecoder } from './decoder-source.ts';
import { createCachedSession, openCachedEntry } from './optimized-session-cache.ts';
import { externalFilesOf, manifestKey, readManifest, writeManifest } from './prepared-model-manifest.ts';
import { manifestKeyByAlias, writeManifestAlias } from './prepared-model-alias.ts';
import { sessionOptions, type SessionSettings } from './session-settings.ts';
import type { SessionCacheUse } from './types.ts';

/** The sessions of a partitioned decoder: the prologue, and the blocks with the epilogue (one chain session). */
export interface StageSessions {
  structure: DecoderStructure;
  prologue: ort.InferenceSession;
  /** Prologue outputs: the stream X_0 first, then the side values. */
  prologueOutputs: string[];
  chain: ort.InferenceSession;
  chainModel: BlockChainNames;
  /** Whether the sessions came ready from the cache folder ('hit'), were prepared and saved there ('miss'), or not cached ('off'). */
  cacheUse: SessionCacheUse;
}

export type StructureCheck = (structure: DecoderStructure, prepared: boolean) => void;

/**
 * Opens a decoder for the engine. `cacheDir`: folder of optimized models (optimized-session-cache.ts)
 * and of what was prepared from each model file (prepared-model-manifest.ts); a model file seen
 * before under the same engine and settings opens from there without reading its graph, and
 * without reading the file at all while it and its external data are unchanged on disk
 * (prepared-model-alias.ts). None: no caching. `check` sees the structure before any session is
 * created (a refusal then costs nothing), and whether the sessions are to load ready-made from the
 * cache folder (`prepared`) or be built and optimized first.
 */
export async function openStageSessions(
  modelPath: string, settings: SessionSettings, cacheDir?: string, check: StructureCheck = () => {},
): Promise<StageSessions> {
  const options = sessionOptions(settings);
  const aliased = cacheDir ? manifestKeyByAlias(cacheDir, modelPath, options) : null;
  const unread = cacheDir && aliased ? await openPrepared(modelPath, options, cacheDir, aliased, check, true) : null;
  if (unread) return unread;
  const bytes = cacheDir ? modelFileBytes(modelPath) : null;
  const key = bytes && manifestKey(bytes, options);
  const ready = cacheDir && key ? await openPrepared(modelPath, options, cacheDir, key, check, false) : null;
  return ready ?? prepare(modelPath, bytes, options, cacheDir, key, check);
}

export async function releaseStageSessions(sessions: StageSessions): Promise<void> {
  await sessions.prologue.release();
  await sessions.chain.release();
}

/** The model file's bytes (read once: keyed, then decoded on a miss); null when the loader is to refuse the file (missing, oversized) with its own message. */
function modelFileBytes(modelPath: string): Uint8Array | null {
  try {
    return statSync(modelPath).size > PROTOBUF_SIZE_LIMIT ? null : readFileSync(modelPath);
  } catch {
    return null;
  }
}

/** `aliased`: the key came from the files' identity (prepared-model-alias.ts), which also vouches for the external data. */
async function openPrepared(
  modelPath: string, options: ort.InferenceSession.SessionOptions, cacheDir: string, key: string,
  check: StructureCheck, aliased: boolean,
): Promise<StageSessions | null> {
  const manifest = readManifest(cacheDir, key, dirname(modelPath), aliased);
  if (!manifest) return null;
  if (!aliased) writeManifestAlias(cacheDir, modelPath, options, key, manifest.externalFiles.map((f) => f.location));
  check(manifest.structure, true);
  const prologue = await openCachedEntry(cacheDir, manifest.prologueEntry, options);
  const chain = prologue && await openCachedEntry(cacheDir, manifest.chainEntry, options);
  if (!prologue || !chain) {
    await prologue?.release();
    return null;
  }
  return {
    structure: manifest.structure, prologue, prologueOutputs: manifest.prologueOutputs,
    chain, chainModel: manifest.chainNames, cacheUse: 'hit',
  };
}

async function prepare(
  modelPath: string, bytes: Uint8Array | null, options: ort.InferenceSession.SessionOptions, cacheDir: string | undefined,
  key: string | null, check: StructureCheck,
): Promise<StageSessions> {
  const { model, structure, partition } = openDecoder(modelPath, bytes ?? undefined);
  check(structure, false);
  const { bytes: chainBytes, externalData, ...chainModel } = buildBlockChainModel(partition);
  const prologue = await createCachedSession({ bytes: partition.prologue.bytes, externalData: [] }, options, cacheDir);
  const chain = await createCachedSession({ bytes: chainBytes, externalData }, options, cacheDir);
  if (cacheDir && key && prologue.entry && chain.entry) {
    const externalFiles = externalFilesOf(model);
    writeManifest(cacheDir, key, {
      structure, prologueOutputs: partition.prologue.outputs, chainNames: chainModel,
      prologueEntry: prologue.entry, chainEntry: chain.entry, externalFiles,
    });
    writeManifestAlias(cacheDir, modelPath, options, key, externalFiles.map((f) => f.location));
  }
  return {
    structure, prologue: prologue.session, prologueOutputs: partition.prologue.outputs,
    chain: chain.session, chainModel, cacheUse: chain.cache,
  };
}
