import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as nodeModule from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { corpusFiles, CORPUS_ABSENT } from './helpers/corpus';

// How the CLI loads (issue 12): the CMS code is a separate bundle loaded only for signed files, every
// bundle is ASCII, and bin/dps-profiles.js runs dist/cli.js through a V8 code cache that V8 validates
// and that never makes a run fail.

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'dps-profiles.js');
const example = path.join(root, 'examples', 'okta-dps-psso2.mobileconfig');
const tempDirs: string[] = [];
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-cli-loading-'));
  tempDirs.push(d);
  return d;
}

/** Runs the CLI with a preload that reports, at exit, which dist bundles were loaded. */
function run(args: string[], env: Record<string, string>) {
  const dir = tempDir();
  const report = path.join(dir, 'loaded.json');
  const preload = path.join(dir, 'preload.cjs');
  fs.writeFileSync(
    preload,
    `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(Object.keys(require.cache).filter((f) => f.includes(${JSON.stringify(path.join(root, 'dist'))})).map((f) => require('path').basename(f)))));`,
  );
  const r = spawnSync(process.execPath, ['--require', preload, bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { ...r, loaded: JSON.parse(fs.readFileSync(report, 'utf8')) as string[] };
}

test('every bundle is ASCII and the CLI bundle leaves out pkijs and asn1js', () => {
  for (const name of ['cli.js', 'cms.js', 'server.js', 'client.js']) {
    const bytes = fs.readFileSync(path.join(root, 'dist', name));
    assert.equal(
      bytes.findIndex((b) => b > 0x7f),
      -1,
      `dist/${name} holds a non-ASCII byte`,
    );
  }
  const cli = fs.readFileSync(path.join(root, 'dist', 'cli.js'), 'latin1');
  const cms = fs.readFileSync(path.join(root, 'dist', 'cms.js'), 'latin1');
  // Markers that survive minification (the VSIX packer rebuilds dist/ for production): pkijs's engine symbol and
  // an asn1js block class.
  const PKIJS = /pkijs\.engine/;
  const ASN1JS = /LocalBitStringValueBlock/;
  assert.ok(!PKIJS.test(cli) && !ASN1JS.test(cli), 'dist/cli.js bundles pkijs or asn1js');
  assert.ok(PKIJS.test(cms) && ASN1JS.test(cms), 'dist/cms.js carries pkijs and asn1js');
  assert.match(cli, /require\("\.\/cms\.js"\)/);
});

test('the CLI bundles are minified in whitespace and syntax but keep their function names', () => {
  // Each run reads the whole bundle and copies it into a string: 886 KB as written, 652 KB compact: a one-file
  // check 0.94-0.98x (scripts/build.mjs, compactCli). Names stay, so an internal error's stack trace names the code.
  for (const name of ['cli.js', 'cms.js']) {
    const bundle = fs.readFileSync(path.join(root, 'dist', name), 'latin1');
    // As written the bundle has a line per 46 bytes; minified, lines break only inside multi-line strings.
    const lines = bundle.split('\n').length;
    assert.ok(lines < bundle.length / 1000, `dist/${name}: ${lines} lines in ${bundle.length} bytes (not minified)`);
  }
  const cli = fs.readFileSync(path.join(root, 'dist', 'cli.js'), 'latin1');
  for (const fn of ['function checkRun(', 'function parsePlist(', 'function runCli(']) assert.ok(cli.includes(fn), `dist/cli.js has no "${fn}"`);
});

test('no node built-in is imported as a namespace copy in the CLI bundle', () => {
  // `import * as path from 'path'` makes esbuild copy every property of node's module into a new object in each
  // importing file at load (`__toESM`): ~100 KB and ~1 ms of every run for fourteen imports of path. Names are read
  // from node's module directly (server/src/node/path.ts re-exports path's by name).
  const cli = fs.readFileSync(path.join(root, 'dist', 'cli.js'), 'latin1');
  const copied = [...cli.matchAll(/__toESM\(require\("((?:node:)?[a-z_/]+)"\)/g)].map((m) => m[1]);
  assert.deepEqual(copied, []);
});

test("the launcher wraps the bundle exactly as node's CommonJS loader does", () => {
  // bin/dps-profiles.js reads the bundle into a buffer between the two parts of the wrapper (one flat string, no
  // second copy for V8 to make): the bundle must see the module scope that `require` would give it.
  const launcher = fs.readFileSync(bin, 'utf8');
  const head = /const WRAPPER_HEAD = ('[^']*');/.exec(launcher);
  const tail = /const WRAPPER_TAIL = ('[^']*');/.exec(launcher);
  assert.ok(head && tail, 'bin/dps-profiles.js declares WRAPPER_HEAD and WRAPPER_TAIL');
  const moduleWrapper = (nodeModule as unknown as { wrapper: string[] }).wrapper;
  assert.deepEqual(
    [head[1], tail[1]].map((literal) => literal.slice(1, -1).replace(/\\n/g, '\n')),
    moduleWrapper,
  );
  // And the bundle runs under it with the CommonJS variables: it finds its sibling bundle through `require`.
  const r = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('the payload schemas are bundled as JSON.parse strings, not object literals', () => {
  // V8 reads a JSON string faster than it runs the bytecode that builds the same objects, and the code cache is
  // smaller: a one-file check measured 0.95x (scripts/build.mjs, json-as-parse).
  const registry = fs.readFileSync(path.join(root, 'server', 'src', 'core', 'schema', 'registry.ts'), 'utf8');
  const imported = [...registry.matchAll(/from '[^']+\.schema\.json'/g)].length;
  assert.ok(imported > 0);
  for (const name of ['cli.js', 'server.js', path.join('web', 'server.js')]) {
    const bundle = fs.readFileSync(path.join(root, 'dist', name), 'latin1');
    assert.equal([...bundle.matchAll(/JSON\.parse\(`\{"\$schema":/g)].length, imported, `dist/${name}`);
    assert.doesNotMatch(bundle, /\$schema: "http/, `dist/${name} holds a schema as an object literal`);
  }
});

test('an unsigned profile never loads the CMS bundle; a signed one does', (t) => {
  const plain = run(['check', '--format', 'json', example], { DPS_PROFILES_CODE_CACHE: 'off' });
  assert.equal(plain.status, 0, plain.stderr);
  assert.ok(plain.loaded.includes('cli.js'));
  assert.ok(!plain.loaded.includes('cms.js'), `loaded: ${plain.loaded.join(', ')}`);
  const signed = corpusFiles('signed');
  if (!signed.length) {
    t.skip(CORPUS_ABSENT);
    return;
  }
  const r = run(['check', '--format', 'json', signed[0].path], { DPS_PROFILES_CODE_CACHE: 'off' });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  assert.ok(r.loaded.includes('cms.js'), `loaded: ${r.loaded.join(', ')}`);
  assert.match(r.stdout, /"DPS117"/, 'the signed file was opened and its content checked');
});

test('the code cache is written once, then used; stale data is rejected by V8 and rewritten', () => {
  const cacheHome = tempDir();
  const env = { XDG_CACHE_HOME: cacheHome, DPS_PROFILES_CODE_CACHE: 'trace' };
  const expected = spawnSync(process.execPath, [bin, 'check', '--format', 'json', example], {
    encoding: 'utf8',
    env: { ...process.env, DPS_PROFILES_CODE_CACHE: 'off' },
  }).stdout;

  const first = run(['check', '--format', 'json', example], env);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /code cache: none/);
  assert.match(first.stderr, /code cache: written /);
  const dir = path.join(cacheHome, 'dps-profiles');
  const files = fs.readdirSync(dir);
  assert.equal(files.length, 1, files.join(', '));
  assert.match(files[0], /^cli-[0-9a-f]{8}-[0-9a-f]{32}\.v8cache$/);
  assert.equal(fs.statSync(dir).mode & 0o077, 0, 'the cache folder is private');

  const second = run(['check', '--format', 'json', example], env);
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stderr, /code cache: used /);
  assert.equal(second.stdout, expected, 'same output with the cache as without');

  // Same name, other bytes: V8 must refuse them, the run must still succeed, and the cache is rewritten.
  const file = path.join(dir, files[0]);
  const good = fs.readFileSync(file);
  const bad = Buffer.from(good);
  for (let i = 0; i < 64; i++) bad[i] ^= 0x5a;
  fs.writeFileSync(file, bad);
  const third = run(['check', '--format', 'json', example], env);
  assert.equal(third.status, 0, third.stderr);
  assert.match(third.stderr, /code cache: rejected by V8/);
  assert.match(third.stderr, /code cache: written /);
  assert.equal(third.stdout, expected);
  assert.notDeepEqual(fs.readFileSync(file), bad);
});

test('a run that checked no profile (--help, a usage error) writes no code cache; the next check does', () => {
  const cacheHome = tempDir();
  const env = { XDG_CACHE_HOME: cacheHome, DPS_PROFILES_CODE_CACHE: 'trace' };
  const dir = path.join(cacheHome, 'dps-profiles');
  const cachesNow = () => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);
  for (const args of [['check', '--help'], ['check', path.join(tempDir(), 'missing.mobileconfig')], ['--version']]) {
    const r = run(args, env);
    assert.match(r.stderr, /code cache: not written: this run checked no profile/, `${args.join(' ')}: ${r.stderr}`);
    assert.deepEqual(cachesNow(), [], args.join(' '));
  }
  const first = run(['check', '--format', 'json', example], env);
  assert.match(first.stderr, /code cache: written /);
  assert.equal(cachesNow().length, 1);
});

test('a long check tunes V8 (the same output as without), a short one does not, DPS_PROFILES_V8_TUNING=off never', () => {
  const folder = tempDir();
  for (let i = 0; i < 8; i++) fs.copyFileSync(example, path.join(folder, `copy-${i}.mobileconfig`));
  const env = { DPS_PROFILES_V8_TUNING: 'trace' };
  const long = run(['check', '--format', 'json', folder], env);
  // Eight copies of one profile collide with each other (DPS2xx): exit 1, with a report.
  assert.equal(JSON.parse(long.stdout).files.length, 8, long.stderr);
  // This test runs on a V8 the flags were measured on (bin/v8-tuning.js says which): there they are set.
  if (tunedV8()) assert.match(long.stderr, /V8 tuning: --interrupt-budget=\d+ --semi-space-growth-factor=1 \(8 files\)\n/);
  const plain = run(['check', '--format', 'json', folder], { DPS_PROFILES_V8_TUNING: 'off' });
  assert.equal(plain.status, long.status, plain.stderr);
  assert.equal(long.stdout, plain.stdout);
  const short = run(['check', '--format', 'json', example], env);
  assert.match(short.stderr, /V8 tuning: off \(a short run: 1 file, \d+ bytes\)/);
});

test('the launcher tells a long check from a short one by its command line alone', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the launcher's plain-JS module, as the launcher loads it
  const { longRun, LONG_RUN } = require(path.join(root, 'bin', 'v8-tuning.js')) as {
    longRun: (args: string[], stat: (p: string) => fs.Stats | undefined) => { long: boolean; why: string };
    LONG_RUN: { files: number; bytes: number };
  };
  const folder = tempDir();
  const small = path.join(folder, 'small.mobileconfig');
  fs.writeFileSync(small, 'x'.repeat(100));
  const big = path.join(folder, 'big.mobileconfig');
  fs.writeFileSync(big, 'x'.repeat(LONG_RUN.bytes));
  const stat = (p: string) => {
    try {
      return fs.statSync(p);
    } catch {
      return undefined;
    }
  };
  const judge = (args: string[]) => longRun(args, stat);
  assert.deepEqual(judge(['check', small]), { long: false, why: 'a short run: 1 file, 100 bytes' });
  assert.deepEqual(judge(['check', '--format', 'json', ...Array(LONG_RUN.files - 1).fill(small)]), {
    long: false,
    why: `a short run: ${LONG_RUN.files - 1} files, ${(LONG_RUN.files - 1) * 100} bytes`,
  });
  assert.deepEqual(judge(['check', ...Array(LONG_RUN.files).fill(small)]), { long: true, why: `${LONG_RUN.files} files` });
  assert.deepEqual(judge(['--format', 'sarif', 'check', big]), { long: true, why: `${LONG_RUN.bytes} bytes` });
  assert.deepEqual(judge(['check', folder]), { long: false, why: 'a short run: 2 files, 0 bytes' });
  for (let i = 0; i < LONG_RUN.files - 2; i++) fs.writeFileSync(path.join(folder, `more-${i}.mobileconfig`), '');
  assert.deepEqual(judge(['check', folder]), { long: true, why: `${LONG_RUN.files} files` });
  fs.mkdirSync(path.join(folder, 'sub'));
  assert.deepEqual(judge(['check', folder]), { long: true, why: 'a folder tree' });
  assert.deepEqual(judge(['check', `${folder}/**/*.mobileconfig`]), { long: true, why: 'a glob' });
  // Other commands are never tuned: `lsp` is a long-lived process, `simulate` and `plan` were not measured.
  assert.deepEqual(judge(['lsp', '--stdio']), { long: false, why: 'not a check' });
  assert.deepEqual(judge(['simulate', folder]), { long: false, why: 'not a check' });
});

test('a long run and a short one each have a code cache, stamped with their own V8 flags and used by the next run of the kind', () => {
  const folder = tempDir();
  for (let i = 0; i < 8; i++) fs.copyFileSync(example, path.join(folder, `copy-${i}.mobileconfig`));
  const cacheHome = tempDir();
  const env = { XDG_CACHE_HOME: cacheHome, DPS_PROFILES_CODE_CACHE: 'trace' };
  const long = run(['check', '--format', 'json', folder], env);
  assert.match(long.stderr, /code cache: none\n[^]*code cache: written /);
  const short = run(['check', '--format', 'json', example], env);
  const caches = fs.readdirSync(path.join(cacheHome, 'dps-profiles'));
  if (tunedV8()) {
    // Written by a run over one payload layout, the long run's cache still holds every payload type's validator.
    assert.match(long.stderr, /code cache: compiled every payload validator first\ndps-profiles: code cache: written /);
    assert.doesNotMatch(short.stderr, /compiled every payload validator/, 'a short run keeps its cache small');
    // The long run's cache carries the tuned flags, which a short run would refuse: each kind has its own.
    assert.match(short.stderr, /code cache: none\n[^]*code cache: written /);
    assert.equal(caches.length, 2, caches.join(', '));
  } else {
    assert.match(short.stderr, /code cache: used /);
    assert.equal(caches.length, 1, caches.join(', '));
  }
  assert.match(run(['check', '--format', 'json', folder], env).stderr, /code cache: used /);
  assert.match(run(['check', '--format', 'json', example], env).stderr, /code cache: used /);
});

/** Whether this V8 is one the tuning flags were measured on (bin/v8-tuning.js sets them only there). */
function tunedV8(): boolean {
  const major = Number(process.versions.v8.split('.')[0]);
  return major >= 11 && major <= 13;
}

test('an unusable cache folder never fails a run', () => {
  const dir = tempDir();
  const notADir = path.join(dir, 'file');
  fs.writeFileSync(notADir, 'x');
  const r = run(['check', '--format', 'json', example], { XDG_CACHE_HOME: notADir, DPS_PROFILES_CODE_CACHE: 'trace' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /code cache: not used: /);
  assert.equal(JSON.parse(r.stdout).files.length, 1);
});

test('a plain check loads no built-in module it does not use (crypto, child_process, …), with or without the code cache', () => {
  // Each costs every run a few ms (node:crypto ~7 ms): --fix, the fingerprints, signed files and `plan` require them on first use.
  const NOT_FOR_A_PLAIN_CHECK = /^NativeModule (crypto|child_process|v8|internal\/crypto\/|internal\/child_process|http|https|zlib|worker_threads|readline)\b/;
  const cacheHome = tempDir();
  const cases: [string[], Record<string, string>][] = [
    [['check', example], { DPS_PROFILES_CODE_CACHE: 'off' }],
    [['check', '--format', 'json', example], { XDG_CACHE_HOME: cacheHome }], // no cache yet: compiled, then written at exit
    [['check', '--format', 'json', example], { XDG_CACHE_HOME: cacheHome }], // the cache is used
    // (examples/broken is left out: a missing PayloadUUID comes with a fix holding a new UUID, made with WebCrypto.)
    [
      ['check', path.join(root, 'examples', 'macos13'), path.join(root, 'examples', 'com.okta.mobile.auth-service-extension.plist')],
      { XDG_CACHE_HOME: cacheHome },
    ],
  ];
  for (const [args, env] of cases) {
    const dir = tempDir();
    const report = path.join(dir, 'modules.json');
    const preload = path.join(dir, 'preload.cjs');
    fs.writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(process.moduleLoadList)));`);
    const r = spawnSync(process.execPath, ['--require', preload, bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const modules = JSON.parse(fs.readFileSync(report, 'utf8')) as string[];
    assert.ok(modules.includes('NativeModule fs'), 'the preload saw the module list');
    const unwanted = modules.filter((m) => NOT_FOR_A_PLAIN_CHECK.test(m));
    assert.deepEqual(unwanted, [], `dps-profiles ${args.join(' ')} loaded ${unwanted.join(', ')}`);
  }
});
