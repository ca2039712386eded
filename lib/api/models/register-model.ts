import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/prisma-client.ts';
import { externalDataFiles } from '../../onnx/external-data-files.ts';
import { findDecoderStructure } from '../../onnx/find-decoder-structure.ts';
import { loadOnnxModel } from '../../onnx/load-onnx-model.ts';
import { summarizeStructure } from '../../onnx/summarize-structure.ts';
import { sha256File } from '../../store/sha256-file.ts';
import { storePaths } from '../../store/store-paths.ts';

export interface RegisterModelInput {
  /** ONNX file; external data files it references must sit beside it. */
  modelPath: string;
  name?: string;
  tokenizerPath?: string;
  isDemo?: boolean;
  /** The model this one was derived from, and how (`lineage`: e.g. { kind: 'attention-removed', blocks: [12, 19] }). */
  parentId?: string;
  lineage?: ModelLineage;
}

/** How a model was derived from its parent. */
export interface ModelLineage {
  kind: 'attention-removed' | 'fused' | 'healed' | 'trained-from';
  /** Inclusive block ranges the derivation touched. */
  blocks?: Array<[number, number]>;
  note?: string;
}

/**
 * Reads and understands a model, copies it (with its external data and tokenizer) into the
 * model store and records it. A model that cannot be understood is refused before anything is
 * stored; a failure after copying removes the copy.
 */
export async function registerModel(db: Db, dataDir: string, input: RegisterModelInput): Promise<string> {
  const model = loadOnnxModel(input.modelPath);
  const summary = summarizeStructure(findDecoderStructure(model));
  const id = crypto.randomUUID();
  const dir = storePaths.modelDir(id);
  const absoluteDir = storePaths.absolute(dataDir, dir);
  const fileName = path.basename(input.modelPath);
  const external = externalDataFiles(model);
  try {
    fs.mkdirSync(absoluteDir, { recursive: true });
    fs.copyFileSync(input.modelPath, path.join(absoluteDir, fileName));
    for (const location of external) {
      fs.mkdirSync(path.dirname(path.join(absoluteDir, location)), { recursive: true });
      fs.copyFileSync(path.join(model.baseDir!, location), path.join(absoluteDir, location));
    }
    if (input.tokenizerPath) fs.copyFileSync(input.tokenizerPath, path.join(absoluteDir, 'tokenizer.json'));
    const files = [fileName, ...external].map((f) => path.join(absoluteDir, f));
    const sizeBytes = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
    await db.model.create({
      data: {
        id,
        name: input.name?.trim() || path.basename(fileName, '.onnx'),
        file: path.join(dir, fileName),
        externalDataFile: external.length ? path.join(dir, external[0]!) : null,
        tokenizerFile: input.tokenizerPath ? path.join(dir, 'tokenizer.json') : null,
        sizeBytes: BigInt(sizeBytes),
        sha256: await sha256File(path.join(absoluteDir, fileName)),
        structure: summary as object,
        isDemo: input.isDemo ?? false,
        parentId: input.parentId ?? null,
        lineage: input.lineage ? (input.lineage as object) : undefined,
      },
    });
    return id;
  } catch (error) {
    fs.rmSync(absoluteDir, { recursive: true, force: true });
    throw error;
  }
}
