// One esbuild script for every bundle: the VS Code client, the language server,
// the CLI, and the TypeScript tests (bundled one file each into out/test).
import * as esbuild from 'esbuild';
import { appendFileSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
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
  // Non-ASCII characters become escapes: node reads an all-ASCII script as Latin-1 (one copy), while
  // a single non-ASCII character makes it decode the whole bundle as UTF-8 (about 2x the load time).
  charset: 'ascii',
};

// The CLI loads the CMS code (pkijs + asn1js, over half its size) only when a file is signed:
// core/signed/load.ts requires './cms', which becomes the separate bundle dist/cms.js here.
// Other bundles keep it inline (initialised on first use), so the VSIX stays two self-contained files.
const cmsOnDemand = {
  name: 'cms-on-demand',
  setup(build) {
    build.onResolve({ filter: /^\.\/cms$/ }, (a) =>
      a.importer.endsWith(join('core', 'signed', 'load.ts')) ? { path: './cms.js', external: true } : undefined,
    );
  },
};

// The payload schemas are data: as `JSON.parse('...')` V8 reads them faster than as object literals, and the code
// (and its code cache) holds one string each instead of the bytecode that builds every nested object.
const jsonAsParse = {
  name: 'json-as-parse',
  setup(build) {
    build.onLoad({ filter: /\.schema\.json$/ }, (a) => ({
      contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(readFileSync(a.path, 'utf8'))))});`,
      loader: 'js',
    }));
  },
};

// The CLI is a short process: every byte of its bundle is read, copied into a string and matched to the code cache on
// each run (about 1 ms per 100 KB here). Whitespace and syntax are minified (886 -> 652 KB: a one-file check 0.94-0.98x, README
// "Performance"); names are kept, so a stack trace in an internal-error report still names the functions.
const compactCli = { minifyWhitespace: true, minifySyntax: true };

const bundles = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', plugins: [jsonAsParse] },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', plugins: [cmsOnDemand, jsonAsParse], ...compactCli },
  { entryPoints: ['server/src/core/signed/cms.ts'], outfile: 'dist/cms.js', ...compactCli },
  // VS Code for the Web: the client in the web extension host, the server in a web worker.
  { entryPoints: ['client/src/browser-extension.ts'], outfile: 'dist/web/client.js', external: ['vscode'], ...browser() },
  { entryPoints: ['server/src/browser-server.ts'], outfile: 'dist/web/server.js', ...browser(), format: 'iife', plugins: [...browser().plugins, jsonAsParse] },
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
  assertAscii(bundles.flatMap((b) => (b.outfile ? [b.outfile] : [])));
  stampHash('dist/cli.js');
}

/** The bundle's SHA-256 on its last line: bin/dps-profiles.js keys its code cache by it without hashing 700 KB per run. */
function stampHash(outfile) {
  const file = join(root, outfile);
  if (!existsSync(file)) return;
  appendFileSync(file, `//# dps-bundle-sha256=${createHash('sha256').update(readFileSync(file)).digest('hex')}\n`);
}

/** Every bundle must stay ASCII (see `charset` above): fail the build rather than ship a slow one. */
function assertAscii(outfiles) {
  for (const f of outfiles) {
    const bytes = readFileSync(join(root, f));
    const at = bytes.findIndex((b) => b > 0x7f);
    if (at >= 0) {
      const context = bytes.subarray(Math.max(0, at - 60), at + 20).toString('utf8');
      throw new Error(
        `${f} holds a non-ASCII byte at offset ${at}, in ${JSON.stringify(context)}: node would decode the whole bundle as UTF-8. esbuild escapes strings and identifiers but keeps some comments and regular expressions as written: use an escape (\\u2192) or ASCII there.`,
      );
    }
  }
}
