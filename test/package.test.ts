// The npm package as a user gets it: `npm pack` (stdout is the tarball's name and nothing else, as the
// pre-commit framework reads it), the tarball's contents, `npm install -g` of it offline into an empty
// prefix with an empty cache (possible only with no runtime dependencies), and the installed bin run on
// a broken and a clean profile, and as a language server (`lsp --stdio`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { driveLanguageServer } from './helpers/lsp-client';
import { corpusFiles, CORPUS_ABSENT } from './helpers/corpus';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const haveNpm = spawnSync(npm, ['--version'], { encoding: 'utf8' }).status === 0;
const skip = haveNpm ? false : 'npm is not on PATH';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-package-'));
const prefix = path.join(work, 'prefix');
const installedBin = path.join(prefix, process.platform === 'win32' ? 'dps-profiles.cmd' : path.join('bin', 'dps-profiles'));
let tarball = '';
let installed = false;

/** npm without the settings of an enclosing `npm test` run (its cache, prefix, scripts config). */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return env;
}

after(() => fs.rmSync(work, { recursive: true, force: true }));

before(() => {
  if (!haveNpm) return;
  const r = spawnSync(npm, ['pack', '--pack-destination', work], { cwd: root, env: npmEnv(), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  // pre-commit runs `npm install -g "$(npm pack)"`: one line, the file name, nothing else.
  assert.equal(r.stdout, `${manifest.name}-${manifest.version}.tgz\n`, `npm pack's stdout must be the tarball name only, got:\n${r.stdout}`);
  tarball = path.join(work, r.stdout.trim());
});

test('the tarball holds the bundles, bin, schemas and rule docs, and nothing else', { skip }, () => {
  const list = spawnSync('tar', ['tzvf', tarball], { encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  const names = spawnSync('tar', ['tzf', tarball], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .map((n) => n.replace(/^package\//, ''));
  const allowed = [
    /^package\.json$/,
    /^README\.md$/,
    /^LICENSE$/,
    /^bin\/(dps-profiles|v8-tuning)\.js$/,
    /^dist\/(cli|cms|server)\.js$/,
    /^schemas\/[^/]+\.schema\.json$/,
    /^docs\/rules\/(DPS\d{3}|README)\.md$/,
  ];
  for (const name of names)
    assert.ok(
      allowed.some((re) => re.test(name)),
      `unexpected file in the package: ${name}`,
    );
  for (const needed of [
    'bin/dps-profiles.js',
    'bin/v8-tuning.js',
    'dist/cli.js',
    'dist/cms.js',
    'dist/server.js',
    'schemas/Configuration.schema.json',
    'docs/rules/DPS101.md',
  ])
    assert.ok(names.includes(needed), `missing ${needed}`);
  const size = fs.statSync(tarball).size;
  console.log(`  ${path.basename(tarball)}: ${names.length} files, ${(size / 1024).toFixed(1)} KB packed`);
  assert.ok(size < 2 * 1024 * 1024, `the tarball is ${size} bytes`);
});

test('package.json: no runtime dependencies, truthful engines, repository, bugs, homepage', () => {
  assert.equal(manifest.dependencies, undefined, 'everything the CLI runs is bundled: dependencies belong in devDependencies');
  assert.equal(manifest.engines.node, '>=20');
  assert.match(manifest.repository.url, /github\.com\/[^/]+\/dps-profiles/);
  assert.match(manifest.bugs.url, /\/issues$/);
  assert.match(manifest.homepage, /^https:\/\//);
  // The bundles target the engine we declare.
  assert.match(fs.readFileSync(path.join(root, 'scripts', 'build.mjs'), 'utf8'), /target: 'node20'/);
});

test('npm install -g <tarball> works offline into an empty prefix with an empty cache', { skip }, () => {
  const started = Date.now();
  const r = spawnSync(npm, ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, '--cache', path.join(work, 'empty-cache'), tarball], {
    env: npmEnv(),
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  console.log(`  offline install: ${Date.now() - started} ms`);
  assert.ok(fs.existsSync(installedBin), `${installedBin} was not installed`);
  installed = true;
});

function runInstalled(args: string[]) {
  return spawnSync(installedBin, args, { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

test('the installed bin: a broken profile exits 1, a clean one 0, with JSON output', { skip }, (t) => {
  if (!installed) return t.skip('not installed');
  const clean = fs.readFileSync(path.join(root, 'test', 'fixtures', 'precommit', 'clean.mobileconfig'), 'utf8');
  fs.writeFileSync(path.join(work, 'clean.mobileconfig'), clean);
  fs.writeFileSync(path.join(work, 'broken.mobileconfig'), clean.replace('<integer>1</integer>\n</dict>', '<integer>1</integer>\n</dictt>\n</dict>'));

  const broken = runInstalled(['check', '--format', 'json', 'broken.mobileconfig']);
  assert.equal(broken.status, 1, broken.stdout + broken.stderr);
  const report = JSON.parse(broken.stdout);
  assert.equal(report.files[0].path, 'broken.mobileconfig');
  assert.ok(report.files[0].diagnostics.some((d: { code: string }) => d.code === 'DPS101'));

  const ok = runInstalled(['check', '--format', 'json', 'clean.mobileconfig']);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout).files[0].diagnostics, []);

  assert.equal(runInstalled(['--version']).stdout.trim(), manifest.version);
});

test('the installed bin opens a signed profile (the CMS code ships as dist/cms.js)', { skip }, (t) => {
  if (!installed) return t.skip('not installed');
  const signed = corpusFiles('signed');
  if (!signed.length) return t.skip(CORPUS_ABSENT);
  const r = runInstalled(['check', '--format', 'json', signed[0].path]);
  assert.ok(r.status === 0 || r.status === 1, r.stdout + r.stderr);
  assert.ok(
    JSON.parse(r.stdout).files[0].diagnostics.some((d: { code: string }) => d.code === 'DPS117'),
    r.stdout,
  );
});

test('the installed bin serves LSP over stdio: diagnostics for a broken profile', { skip }, async (t) => {
  if (!installed) return t.skip('not installed');
  const text = fs
    .readFileSync(path.join(root, 'test', 'fixtures', 'precommit', 'clean.mobileconfig'), 'utf8')
    .replace('<integer>1</integer>\n</dict>', '<integer>1</integer>\n</dictt>\n</dict>');
  const diagnostics = await driveLanguageServer(installedBin, ['lsp', '--stdio'], { uri: 'file:///tmp/lsp-test/broken.mobileconfig', text });
  assert.ok(
    diagnostics.some((d) => d.code === 'DPS101'),
    JSON.stringify(diagnostics),
  );
});
