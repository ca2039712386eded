/**
 * Bundles `npm run bench:analysis` into one ES module for a machine that has no npm packages
 * (the device machine): `.devbench/bench.mjs` plus onnxruntime-node (the one native package) as `.devbench/packages.tar.xz`,
 * with Node itself as `.devbench/node.xz` (both compressed). Files that read their neighbours through
 * `import.meta.url` (the ONNX schema, the engine's source hash) keep their repository paths.
 * Run from the repository root: `node scripts/device/bundle-analysis-bench.mjs [NAME] [ENTRY]` writes
 * `.devbench/NAME.mjs` (default `bench`) from ENTRY (default `scripts/bench-analysis.ts`, or another
 * measuring script of the repository); bundles of two versions side by side compare them in one
 * device run (scripts/device/bench-analysis-on-device.sh). Node and the packages are written once.
 * The engine's lane threads (lib/analysis/lanes) start from their own bundle, `.devbench/NAME-lane.mjs`.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const root = resolve('.');
const out = resolve(root, '.devbench');
const name = process.argv[2] ?? 'bench';
const bench = resolve(process.argv[3] ?? 'scripts/bench-analysis.ts');
mkdirSync(out, { recursive: true });

const LANE_ENTRY = 'lib/analysis/lanes/analysis-lane.worker.ts';
const keepRepositoryPaths = {
  name: 'keep-repository-paths',
  setup(b) {
    b.onLoad({ filter: /\/lib\/.*\.ts$/ }, (args) => {
      const path = relative(root, args.path);
      const source = readFileSync(args.path, 'utf8')
        .replaceAll("'./analysis-lane.worker.ts'", JSON.stringify(relative(dirname(LANE_ENTRY), `.devbench/${name}-lane.mjs`)));
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(path)}, globalThis.__repositoryRoot).href`), loader: 'ts' };
    });
  },
};

for (const [entry, file] of [[bench, `${name}.mjs`], [resolve(LANE_ENTRY), `${name}-lane.mjs`]]) {
  await build({
    entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: `${out}/${file}`,
    external: ['onnxruntime-node'], plugins: [keepRepositoryPaths], logLevel: 'warning',
    banner: { js: [
      "import { createRequire as __createRequire } from 'node:module';",
      'const require = __createRequire(import.meta.url);',
      "globalThis.__repositoryRoot = new URL('../', import.meta.url);",
    ].join('\n') },
  });
}
if (!existsSync(`${out}/packages.tar.xz`)) writePackagesAndNode();
console.log(execFileSync('du', ['-sh', out], { encoding: 'utf8' }).trim());

function writePackagesAndNode() {
  for (const pkg of ['onnxruntime-node', 'onnxruntime-common']) {
    cpSync(`node_modules/${pkg}`, `${out}/node_modules/${pkg}`, {
      recursive: true, filter: (src) => !/\/bin\/napi-v\d+\/(darwin|win32|linux\/arm64)/.test(src),
    });
  }
  // the travelling tree is size-limited: Node and the packages go compressed
  execFileSync('sh', ['-c', `xz -T0 -6 -c "${process.execPath}" > "${out}/node.xz"`]);
  execFileSync('sh', ['-c', `cd "${out}" && tar -cJf packages.tar.xz node_modules && rm -rf node_modules`]);
}
