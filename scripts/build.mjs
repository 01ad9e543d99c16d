// One esbuild script for every bundle: the VS Code client, the language server,
// the CLI, and the TypeScript tests (bundled one file each into out/test).
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileValidators } from './compile-validators.mjs';
import { browser } from './browser-bundle.mjs';

const root = new URL('..', import.meta.url).pathname;
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

const bundles = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
  // VS Code for the Web: the client in the web extension host, the server in a web worker.
  { entryPoints: ['client/src/browserExtension.ts'], outfile: 'dist/web/client.js', external: ['vscode'], ...browser() },
  { entryPoints: ['server/src/browserServer.ts'], outfile: 'dist/web/server.js', ...browser(), format: 'iife' },
].filter((b) => existsSync(join(root, b.entryPoints[0])));

// Tests: every test/**/*.test.ts becomes out/test/<name>.test.js; node_modules stay external.
function findTests(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'fixtures' && e.name !== 'e2e-workspace') out.push(...findTests(p));
    } else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
// --no-tests: bundles only (packaging must not rewrite out/test while a test run reads it).
const withTests = !process.argv.includes('--no-tests');
const tests = withTests ? findTests(join(root, 'test')) : [];
if (withTests) rmSync(join(root, 'out/test'), { recursive: true, force: true });
if (tests.length) {
  bundles.push({ entryPoints: tests, outdir: 'out/test', outbase: 'test', packages: 'external', sourcemap: true });
}

// The core imports the schema validators as generated code (ajv standalone): write them before bundling.
await compileValidators();

if (watch) {
  for (const b of bundles) (await esbuild.context({ ...common, ...b })).watch();
} else {
  await Promise.all(bundles.map((b) => esbuild.build({ ...common, ...b })));
}
