import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOnnxModel } from '../../lib/onnx/load-onnx-model.ts';
import { parseMakeTestModelArgs, UsageError } from '../../lib/testmodels/make-test-model-args.ts';
import { makeTempFolder } from './temp-folder.ts';

const temp = makeTempFolder('make-test-model');
afterAll(() => temp.cleanup());
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function makeTestModel(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/make-test-model.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('make-test-model flags', () => {
  it('takes the real Llama dimensions from --shape, explicit flags winning', () => {
    const eight = parseMakeTestModelArgs(['--shape', 'llama-8b', '--dtype', 'float16', '--out', '/tmp/m']);
    expect(eight.options).toMatchObject({ layers: 32, hidden: 4096, ffnWidth: 14336, heads: 32, kvHeads: 8, vocab: 128256, tiedEmbeddings: false, dtype: 'float16', halfGraph: false });
    expect(parseMakeTestModelArgs(['--shape', 'llama-1b', '--out', 'x']).options).toMatchObject({ layers: 16, hidden: 2048, ffnWidth: 8192, heads: 32, kvHeads: 8, tiedEmbeddings: true });
    expect(parseMakeTestModelArgs(['--shape', 'llama-3b', '--out', 'x']).options).toMatchObject({ layers: 28, hidden: 3072, ffnWidth: 8192, heads: 24, kvHeads: 8, vocab: 128256, tiedEmbeddings: true });
    const custom = parseMakeTestModelArgs(['--shape=llama-3b', '--layers', '4', '--vocab=1000', '--no-tied', '--optimum', '--attention-free', '1-2', '--seed', '0', '--out', 'x']);
    expect(custom.options).toMatchObject({ layers: 4, hidden: 3072, vocab: 1000, tiedEmbeddings: false, optimumInputs: true, attentionFreeLayers: [1, 2], seed: 0 });
    expect(parseMakeTestModelArgs(['--layers', '24', '--hidden', '64', '--attention-free', '12-19,3,21-22', '--dtype', 'bfloat16', '--half-graph', '--out', 'x']).options)
      .toMatchObject({ attentionFreeLayers: [3, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22], ffnWidth: 256, heads: 4, kvHeads: 4, halfGraph: true });
  });

  const REFUSALS: Array<[string[], RegExp]> = [
    [['--shape', 'llama-70b', '--out', 'x'], /^--shape must be one of llama-1b, llama-3b, llama-8b, got "llama-70b"$/],
    [['--layers', '2', '--out', 'x'], /--layers and --hidden \(missing: --hidden\)/],
    [['--layers', 'two', '--hidden', '64', '--out', 'x'], /^--layers must be a positive integer, got "two"$/],
    [['--layers', '0', '--hidden', '64', '--out', 'x'], /^--layers must be a positive integer, got "0"$/],
    [['--layers', '2', '--hidden', '64', '--dtype', 'fp16', '--out', 'x'], /^--dtype must be one of float32, float16, bfloat16, got "fp16"$/],
    [['--layers', '2', '--hidden', '64', '--half-graph', '--out', 'x'], /^--half-graph needs --dtype float16 or --dtype bfloat16$/],
    [['--layers', '8', '--hidden', '64', '--attention-free', '6-9', '--out', 'x'], /^--attention-free: layer 9 is outside the model's layers 0-7$/],
    [['--layers', '8', '--hidden', '64', '--attention-free', '6..7', '--out', 'x'], /^--attention-free must be layers or ranges such as 12-19 or 2,5-7, got "6..7"$/],
    [['--layers', '2', '--hidden', '64', '--heads', '5', '--out', 'x'], /^--hidden 64 must split into --heads 5 heads of even size$/],
    [['--layers', '2', '--hidden', '64', '--kv-heads', '3', '--out', 'x'], /^--heads 4 must be a multiple of --kv-heads 3$/],
    [['--layers', '2', '--hidden', '64', '--naming', 'onnx', '--out', 'x'], /^--naming must be one of torchscript, dynamo, got "onnx"$/],
    [['--layers', '2', '--hidden', '64'], /^--out DIR is required/],
    [['--layers', '2', '--hidden', '--out', 'x'], /^--hidden needs a value$/],
    [['--layers', '2', '--hidden', '64', '--fp16', '--out', 'x'], /^unknown flag --fp16; allowed: --shape .*--half-graph/],
    [['--tied', '--no-tied', '--layers', '2', '--hidden', '64', '--out', 'x'], /contradict/],
    [['model', '--out', 'x'], /^unexpected argument "model"/],
  ];
  for (const [argv, message] of REFUSALS) {
    it(`refuses ${argv.join(' ')}`, () => {
      expect(() => parseMakeTestModelArgs(argv)).toThrow(UsageError);
      expect(() => parseMakeTestModelArgs(argv)).toThrow(message);
    });
  }
});

describe('npm run make-test-model', () => {
  it('writes model.onnx and model.onnx.data and reports sizes, parameters, time and peak RSS', () => {
    const out = join(temp.dir, 'small');
    const run = makeTestModel(['--layers', '2', '--hidden', '64', '--vocab', '1000', '--dtype', 'float16', '--optimum', '--out', out]);
    expect(run.stderr).not.toMatch(/ at /);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/model\s+.*model\.onnx\s+[\d.]+ kB/);
    expect(run.stdout).toMatch(/data\s+.*model\.onnx\.data\s+[\d.]+ [kM]B/);
    expect(run.stdout).toMatch(/parameters\s+259,392 \(float16\)/);
    expect(run.stdout).toMatch(/wall time\s+[\d.]+ s \(\d+ MB\/s\)/);
    expect(run.stdout).toMatch(/peak RSS\s+[\d.]+ MB/);
    expect(run.stderr).toMatch(/100%/);
    expect(statSync(join(out, 'model.onnx.data')).size).toBeGreaterThan(400_000);
    expect(loadOnnxModel(join(out, 'model.onnx')).proto.graph!.input!.map((i) => i.name)).toContain('past_key_values.0.key');
  });

  it('answers a bad flag with the message and exit code 2, no stack trace', () => {
    const run = makeTestModel(['--shape', 'llama-8b', '--dtype', 'int4', '--out', join(temp.dir, 'never')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('make-test-model: --dtype must be one of float32, float16, bfloat16, got "int4"\nrun with --help for the flags\n');
    expect(existsSync(join(temp.dir, 'never'))).toBe(false);
  });

  it('refuses before creating anything when the disk lacks room', () => {
    const out = join(temp.dir, 'huge', 'model');
    const run = makeTestModel(['--layers', '200', '--hidden', '16384', '--heads', '128', '--out', out]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^make-test-model: not enough disk space in .*huge\/model: the model \(3436\.03 GB of weights\) needs 3436\.04 GB/);
    expect(run.stderr).not.toMatch(/ at /);
    expect(existsSync(join(temp.dir, 'huge'))).toBe(false);
  });
});
