import type { TestDecoderOptions } from './test-decoder-options.ts';

export type LlamaShapeName = 'llama-1b' | 'llama-3b' | 'llama-8b';

/** The dimensions of real Llama releases (from their config.json), for test decoders at real scale. */
export const LLAMA_SHAPES: Record<LlamaShapeName, Required<Pick<TestDecoderOptions, 'layers' | 'hidden' | 'ffnWidth' | 'heads' | 'kvHeads' | 'vocab' | 'tiedEmbeddings'>>> = {
  /** Llama-3.2-1B: 1.24B parameters. */
  'llama-1b': { layers: 16, hidden: 2048, ffnWidth: 8192, heads: 32, kvHeads: 8, vocab: 128256, tiedEmbeddings: true },
  /** Llama-3.2-3B: 3.21B parameters. */
  'llama-3b': { layers: 28, hidden: 3072, ffnWidth: 8192, heads: 24, kvHeads: 8, vocab: 128256, tiedEmbeddings: true },
  /** Llama-3.1-8B: 8.03B parameters. */
  'llama-8b': { layers: 32, hidden: 4096, ffnWidth: 14336, heads: 32, kvHeads: 8, vocab: 128256, tiedEmbeddings: false },
};

export const LLAMA_SHAPE_NAMES = Object.keys(LLAMA_SHAPES) as LlamaShapeName[];
