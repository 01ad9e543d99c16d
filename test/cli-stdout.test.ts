import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// The CLI writes its report with fs.writeSync on descriptor 1 (server/src/node/fd-stream.ts), not through
// process.stdout: a reader that goes away ends the output quietly, a pipe fills and drains, and colour still
// follows the terminal.

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'dps-profiles.js');
const broken = path.join(root, 'examples', 'broken', 'dps-common-mistakes.mobileconfig');
const dirs: string[] = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A folder of `n` copies of the broken example: a report far larger than a pipe's buffer (64 KB). */
function bigReportFolder(n: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-cli-stdout-'));
  dirs.push(dir);
  for (let i = 0; i < n; i++) fs.copyFileSync(broken, path.join(dir, `copy-${String(i).padStart(3, '0')}.mobileconfig`));
  return dir;
}

test('a reader that closes the pipe early ends the output quietly: no EPIPE stack, the exit code of the check', async () => {
  const folder = bigReportFolder(60);
  const full = spawnSync(process.execPath, [bin, 'check', '--format', 'json', folder], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(full.status, 1, full.stderr);
  assert.ok(full.stdout.length > 256 * 1024, `the report is ${full.stdout.length} bytes`);
  assert.equal(JSON.parse(full.stdout).files.length, 60);

  const child = spawn(process.execPath, [bin, 'check', '--format', 'json', folder], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => (stderr += s));
  // Read one chunk, then close our end: the CLI's next write meets a pipe with no reader.
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.equal(code, 1, stderr);
  assert.doesNotMatch(stderr, /EPIPE|Unhandled|at \S+ \(/, stderr);
});

test('a report larger than the pipe is written whole to a slow reader', async () => {
  const folder = bigReportFolder(60);
  const child = spawn(process.execPath, [bin, 'check', '--format', 'json', folder], { stdio: ['ignore', 'pipe', 'inherit'] });
  const chunks: Buffer[] = [];
  // Pause between reads so the CLI finds the pipe full and must wait.
  child.stdout.on('data', (c: Buffer) => {
    chunks.push(c);
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 2);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.equal(code, 1);
  const report = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { files: unknown[] };
  assert.equal(report.files.length, 60);
});

test('colour follows the terminal: none into a pipe, and a pipe or a JSON report never loads tty or the stream modules', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-cli-stdout-'));
  dirs.push(dir);
  const list = path.join(dir, 'modules.json');
  const preload = path.join(dir, 'preload.cjs');
  fs.writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList)));`);
  const loadedBy = (args: string[]) => {
    const r = spawnSync(process.execPath, ['--require', preload, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '', NO_COLOR: '' } });
    return { ...r, modules: JSON.parse(fs.readFileSync(list, 'utf8')) as string[] };
  };
  // What node itself loads with these pipes for standard streams: not ours to count.
  const baseline = new Set(loadedBy(['-e', '0']).modules);
  // (Not the broken example: its missing PayloadUUID comes with a fix holding a new UUID, made with WebCrypto, which
  // loads the stream modules.)
  const clean = path.join(root, 'examples', 'okta-dps-psso2.mobileconfig');
  for (const args of [
    ['check', clean],
    ['check', '--format', 'json', clean],
  ]) {
    const r = loadedBy([bin, ...args]);
    assert.equal(r.status, 0, r.stderr);
    // eslint-disable-next-line no-control-regex -- looking for an escape sequence
    assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colour into a pipe');
    assert.match(r.stdout, /1 file checked|"files"/);
    const loaded = r.modules.filter((m) => !baseline.has(m) && /^NativeModule (tty|net|stream|internal\/streams\/)/.test(m));
    assert.deepEqual(loaded, [], `dps-profiles ${args.join(' ')} loaded ${loaded.join(', ')}`);
  }
});

test('a report into /dev/null (a script that wants the exit code) does not load tty to learn it is no terminal', (t) => {
  if (!fs.existsSync('/dev/null') || process.platform === 'win32') {
    t.skip('no /dev/null on this system');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-cli-devnull-'));
  dirs.push(dir);
  const list = path.join(dir, 'modules.json');
  const preload = path.join(dir, 'preload.cjs');
  fs.writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList)));`);
  const devNull = fs.openSync('/dev/null', 'w');
  try {
    const loadedBy = (args: string[]) => {
      const r = spawnSync(process.execPath, ['--require', preload, ...args], {
        stdio: ['ignore', devNull, 'pipe'],
        encoding: 'utf8',
        env: { ...process.env, FORCE_COLOR: '', NO_COLOR: '' },
      });
      return { ...r, modules: JSON.parse(fs.readFileSync(list, 'utf8')) as string[] };
    };
    const baseline = new Set(loadedBy(['-e', '0']).modules);
    const r = loadedBy([bin, 'check', path.join(root, 'examples', 'okta-dps-psso2.mobileconfig')]);
    assert.equal(r.status, 0, r.stderr);
    const loaded = r.modules.filter((m) => !baseline.has(m) && /^NativeModule (tty|net|stream|internal\/streams\/)/.test(m));
    assert.deepEqual(loaded, [], `loaded ${loaded.join(', ')}`);
  } finally {
    fs.closeSync(devNull);
  }
});

test('a standard output that refuses the report (a full disk) is one clear message and exit code 2, not a stack trace', (t) => {
  if (!fs.existsSync('/dev/full')) {
    t.skip('no /dev/full on this system');
    return;
  }
  const full = fs.openSync('/dev/full', 'w');
  try {
    const clean = path.join(root, 'examples', 'okta-dps-psso2.mobileconfig');
    const r = spawnSync(process.execPath, [bin, 'check', clean], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^dps-profiles: cannot write the report to standard output: ENOSPC\n$/);
  } finally {
    fs.closeSync(full);
  }
});
