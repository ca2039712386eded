import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Where onnxruntime runs the analysis: its CPU provider, or CUDA where onnxruntime-node's CUDA build is installed. */
export type ExecutionProvider = 'cpu' | 'cuda';

export const EXECUTION_PROVIDERS: readonly ExecutionProvider[] = ['cpu', 'cuda'];

export function parseExecutionProvider(text: string, source = 'FUSIONSCOPE_EXECUTION_PROVIDER'): ExecutionProvider {
  const value = text.trim().toLowerCase();
  if ((EXECUTION_PROVIDERS as readonly string[]).includes(value)) return value as ExecutionProvider;
  throw new Error(`${source} must be one of ${EXECUTION_PROVIDERS.join(', ')}, got "${text}"`);
}

/** FUSIONSCOPE_EXECUTION_PROVIDER, default cpu. */
export function executionProviderFromEnv(env: NodeJS.ProcessEnv = process.env): ExecutionProvider {
  const raw = env.FUSIONSCOPE_EXECUTION_PROVIDER;
  return raw ? parseExecutionProvider(raw) : 'cpu';
}

/**
 * Refuses, before any work, a provider whose libraries onnxruntime-node does not have here (its
 * CUDA provider is a separate shared library next to the binding, which the package's install
 * script downloads).
 */
export function ensureExecutionProvider(provider: ExecutionProvider): void {
  if (provider === 'cpu') return;
  const binding = path.join(path.dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', process.platform, process.arch);
  const library = path.join(binding, process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so');
  if (!fs.existsSync(library)) throw explainProviderError(new Error(`${path.basename(library)} is not installed in ${binding}`), provider);
}

export function executionProviderOption(provider: ExecutionProvider): string {
  return provider;
}

/**
 * onnxruntime's error when a session asks for a provider its build lacks, turned into what to do.
 * Anything else is returned unchanged.
 */
export function explainProviderError(error: unknown, provider: ExecutionProvider): unknown {
  if (provider === 'cpu') return error;
  const message = error instanceof Error ? error.message : String(error);
  if (!/cuda|provider|libonnxruntime_providers|not installed/i.test(message)) return error;
  return new Error(`the ${provider.toUpperCase()} execution provider is not available in this onnxruntime-node installation (${message.split('\n')[0]}). `
    + 'Install onnxruntime-node with its CUDA libraries on a machine with an NVIDIA GPU (npm install without onnxruntime-node-install=skip), '
    + 'or set FUSIONSCOPE_EXECUTION_PROVIDER=cpu.');
}
