/**
 * The CLI against hostile input and a hostile environment (issue 16): `--fix`
 * never loses a byte, output never carries a workflow command, and every read
 * and every formatter costs bounded time and memory.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LineIndex, type Problem } from '../server/src/core';
import { formatStylish } from '../server/src/cli/format-stylish';
import { toSarif } from '../server/src/cli/format-sarif';
import { ChangedOnDiskError, snapshot, writeFileAtomic } from '../server/src/cli/write-file';
import { EXIT_NOT_WRITTEN, EXIT_USAGE } from '../server/src/cli/exit-codes';
import { describeChanges } from '../server/src/cli/fix-files';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'dps-profiles.js');
const fixable = path.join(root, 'test', 'fixtures', 'precommit', 'fixable');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], options: { cwd: string; stdin?: number; uid?: number; gid?: number; timeout?: number }): Run {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
    stdio: [options.stdin ?? 'pipe', 'pipe', 'pipe'],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid } : {}),
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const temps: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-hostile-'));
  temps.push(dir);
  return dir;
}
after(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

/** A folder with the fixable SSO profile (one safe fix) and the rest of its deployment. */
function fixableFolder(dir: string): string {
  const folder = path.join(dir, 'okta');
  fs.mkdirSync(folder, { recursive: true });
  for (const f of ['sso.mobileconfig', 'z-rest-of-deployment.mobileconfig']) fs.copyFileSync(path.join(fixable, f), path.join(folder, f));
  return folder;
}

const ORIGINAL = fs.readFileSync(path.join(fixable, 'sso.mobileconfig'));
const FIXED = fs.readFileSync(path.join(fixable, 'sso.mobileconfig.fixed'));

function leftovers(folder: string): string[] {
  return fs.readdirSync(folder).filter((n) => n.includes('dps-tmp'));
}

describe('--fix writes atomically', () => {
  test('per file and per fix: code, key path, old → new; mode kept; no temporary file left', () => {
    const dir = tempDir();
    const folder = fixableFolder(dir);
    fs.chmodSync(path.join(folder, 'sso.mobileconfig'), 0o640);
    const r = cli(['check', 'okta', '--fix'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fs.readFileSync(path.join(folder, 'sso.mobileconfig')), FIXED);
    assert.equal(fs.statSync(path.join(folder, 'sso.mobileconfig')).mode & 0o777, 0o640);
    assert.match(r.stderr, /fixed 1 problem in okta\/sso\.mobileconfig:/);
    assert.match(r.stderr, /DPS401 PayloadContent\[0\]\.TeamIdentifier: "<string>B7F62B65B<\/string>" → "<string>B7F62B65BN<\/string>"/);
    assert.deepEqual(leftovers(folder), []);
  });

  test('a full disk: exit 3, the file keeps every byte, no temporary file', { skip: isRoot ? false : 'needs root to mount a small tmpfs' }, (t) => {
    const dir = tempDir();
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
    if (mount.status !== 0) {
      t.skip(`cannot mount a tmpfs here: ${String(mount.stderr).trim()}`);
      return;
    }
    try {
      const folder = fixableFolder(dir);
      // Fill the rest of the disk.
      try {
        fs.writeFileSync(path.join(dir, 'filler'), Buffer.alloc(1024 * 1024));
      } catch {
        // ENOSPC: the disk is full, as wanted.
      }
      const r = cli(['check', 'okta', '--fix', '--format', 'json'], { cwd: dir });
      assert.equal(r.code, EXIT_NOT_WRITTEN, r.stderr);
      assert.match(r.stderr, /okta\/sso\.mobileconfig: not fixed: cannot write it \(ENOSPC\); the file is unchanged/);
      assert.deepEqual(fs.readFileSync(path.join(folder, 'sso.mobileconfig')), ORIGINAL);
      assert.deepEqual(leftovers(folder), []);
      // The report is about the file on disk: the problem is still there.
      const report = JSON.parse(r.stdout) as { files: { path: string; diagnostics: { code: string }[] }[] };
      assert.ok(report.files.find((f) => f.path === 'okta/sso.mobileconfig')?.diagnostics.some((d) => d.code === 'DPS401'));
    } finally {
      spawnSync('umount', [dir]);
    }
  });

  test('no permission to write the folder: exit 3 and the file unchanged', () => {
    const dir = tempDir();
    const folder = fixableFolder(dir);
    fs.chmodSync(path.join(folder, 'sso.mobileconfig'), 0o666);
    fs.chmodSync(folder, 0o555);
    fs.chmodSync(dir, 0o755);
    try {
      // Root may write anywhere: run as nobody then.
      const r = cli(['check', 'okta', '--fix'], { cwd: dir, ...(isRoot ? { uid: 65534, gid: 65534 } : {}) });
      assert.equal(r.code, EXIT_NOT_WRITTEN, r.stderr);
      assert.match(r.stderr, /not fixed: cannot write it \((EACCES|EPERM)\)/);
      assert.deepEqual(fs.readFileSync(path.join(folder, 'sso.mobileconfig')), ORIGINAL);
    } finally {
      fs.chmodSync(folder, 0o755);
    }
  });

  test('a read-only file (mode 0444) in a writable folder: exit 3 and the file unchanged, as writing it in place would be', () => {
    const dir = tempDir();
    const folder = fixableFolder(dir);
    const file = path.join(folder, 'sso.mobileconfig');
    fs.chmodSync(file, 0o444);
    // Root may write any file (as with any tool): the owner is nobody then, and so is the run.
    if (isRoot) for (const p of [dir, folder, file, path.join(folder, 'z-rest-of-deployment.mobileconfig')]) fs.chownSync(p, 65534, 65534);
    const r = cli(['check', 'okta', '--fix'], { cwd: dir, ...(isRoot ? { uid: 65534, gid: 65534 } : {}) });
    assert.equal(r.code, EXIT_NOT_WRITTEN, r.stderr);
    assert.match(r.stderr, /okta\/sso\.mobileconfig: not fixed: cannot write it \((EACCES|EPERM)\)/);
    assert.deepEqual(fs.readFileSync(file), ORIGINAL);
    assert.equal(fs.statSync(file).mode & 0o777, 0o444);
    assert.deepEqual(leftovers(folder), []);
  });

  test(
    'a report asked for under /proc is exit 2, not a run that never ends (node 20: recursive mkdir hangs there)',
    { skip: fs.existsSync('/proc/self') ? false : 'no /proc here' },
    () => {
      const dir = tempDir();
      const folder = fixableFolder(dir);
      for (const args of [
        ['check', folder, '-o', '/proc/dps-profiles-nowhere/report.json'],
        ['simulate', folder, '-o', '/proc/dps-profiles-nowhere/preview.html'],
      ]) {
        const r = cli(args, { cwd: dir, timeout: 20_000 });
        assert.equal(r.code, EXIT_USAGE, `${args[0]}: ${r.stderr}`);
        assert.match(r.stderr, /cannot write \/proc\/dps-profiles-nowhere\//);
      }
    },
  );

  test('the change log shows blank space that a fix removes or inserts, not an empty string', () => {
    const lines = describeChanges([
      { code: 'DPS123', title: 'Remove the whitespace before <?xml', edits: [{ old: ' \n', new: '' }] },
      { code: 'DPS201', keyPath: 'PayloadVersion', title: 'Add PayloadVersion', edits: [{ old: '', new: '\n\t<key>PayloadVersion</key>' }] },
    ]);
    assert.deepEqual(lines, ['DPS123: removed " \\n"', 'DPS201 PayloadVersion: inserted "<key>PayloadVersion</key>"']);
  });

  test('a file changed on disk since it was read is not overwritten', () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.mobileconfig');
    fs.writeFileSync(file, 'first');
    const before = snapshot(fs.statSync(file), fs.readFileSync(file));
    fs.writeFileSync(file, 'someone else');
    assert.throws(() => writeFileAtomic(file, Buffer.from('fixed'), before), ChangedOnDiskError);
    assert.equal(fs.readFileSync(file, 'utf8'), 'someone else');
    // Same size, same content hash check: a same-length edit is caught too.
    fs.writeFileSync(file, 'abcde');
    const again = snapshot(fs.statSync(file), fs.readFileSync(file));
    fs.writeFileSync(file, 'vwxyz');
    fs.utimesSync(file, fs.statSync(file).atime, new Date(again.mtimeMs));
    assert.throws(() => writeFileAtomic(file, Buffer.from('fixed'), again), ChangedOnDiskError);
    assert.equal(fs.readFileSync(file, 'utf8'), 'vwxyz');
    assert.deepEqual(leftovers(dir), []);
  });
});

/** A profile whose strings carry a workflow command, ESC and a lone carriage return. */
const HOSTILE_PROFILE = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
  <key>PayloadContent</key>
  <array/>
  <key>PayloadDisplayName</key>
  <string>x&#10;::error file=ci.yml,line=1::INJECTED-VALUE</string>
  <key>Bogus&#13;::warning::INJECTED-KEY&#27;[2J</key>
  <string>y</string>
  <key>PayloadIdentifier</key>
  <string>com.example.hostile</string>
  <key>PayloadType</key>
  <string>Configuration</string>
  <key>PayloadUUID</key>
  <string>not-a-uuid&#13;::error::INJECTED-UUID</string>
  <key>PayloadVersion</key>
  <integer>1</integer>
</dict>
</plist>
`;

describe('output never carries a command', () => {
  const crafted = process.platform === 'win32' ? undefined : 'a\n::error file=ci.yml,line=1::INJECTED\n.mobileconfig';

  test(
    'crafted file names and values through every format: no line starts with :: except the github annotations',
    { skip: crafted ? false : 'file names cannot hold newlines here' },
    () => {
      const dir = tempDir();
      fs.mkdirSync(path.join(dir, 'p'));
      fs.writeFileSync(path.join(dir, 'p', crafted!), HOSTILE_PROFILE);
      fs.writeFileSync(path.join(dir, 'p', 'b\u001b]0;title\u0007.mobileconfig'), HOSTILE_PROFILE);
      // A right-to-left override: the name would display as "...gifnocelibom.exe"-style text that it is not.
      fs.writeFileSync(path.join(dir, 'p', 'c\u202Egnp.mobileconfig'), HOSTILE_PROFILE);
      const runs: [string, string[]][] = [
        ...['stylish', 'json', 'sarif', 'junit', 'github'].map((f): [string, string[]] => [f, ['check', 'p', 'missing\n::error::INJECTED-ARG', '--format', f]]),
        ...['text', 'json', 'html'].map((f): [string, string[]] => [`simulate ${f}`, ['simulate', 'p', '--format', f]]),
      ];
      const json = JSON.parse(cli(['check', 'p', '--format', 'json'], { cwd: dir }).stdout) as { files: { diagnostics: unknown[] }[] };
      const problems = json.files.reduce((n, f) => n + f.diagnostics.length, 0);
      assert.ok(problems >= 4, 'the hostile strings are reported');
      for (const [name, args] of runs) {
        const r = cli(args, { cwd: dir });
        assert.ok(r.code !== null && r.code <= 3, `${name}: exit ${r.code}`);
        for (const [stream, text] of [
          ['stdout', r.stdout],
          ['stderr', r.stderr],
        ] as const) {
          const commands = text.split('\n').filter((line) => line.startsWith('::'));
          if (name === 'github' && stream === 'stdout') {
            // One annotation per problem, one per unreadable input: nothing more.
            assert.equal(commands.length, problems + 1, 'github: only its own annotations');
            for (const line of commands) assert.match(line, /^::(error|warning|notice) [^:]*::/);
          } else {
            assert.deepEqual(commands, [], `${name} ${stream} has no workflow command`);
          }
          if (stream === 'stderr' || !['json', 'sarif', 'simulate json', 'simulate html'].includes(name)) {
            // eslint-disable-next-line no-control-regex -- the test looks for raw CR, ESC, BEL and bidirectional controls
            assert.doesNotMatch(text, /[\r\u001b\u0007\u202a-\u202e\u2066-\u2069]/, `${name} ${stream}: no raw CR, ESC, BEL or bidi control`);
          }
        }
      }
    },
  );
});

describe('bounded work on hostile input', () => {
  test('stylish with 130,000 problems (no stack overflow) and SARIF on a 600 KB one-line file (linear)', () => {
    const text = 'x'.repeat(600_000);
    const lineIndex = new LineIndex(text);
    const many: Problem[] = [];
    for (let i = 0; i < 130_000; i++) many.push({ code: 'DPS109', message: 'dup', severity: 'error', span: { start: i, end: i + 1 } });
    const report = { files: [{ path: 'big.mobileconfig', lineIndex, problems: many }], summary: { files: 1, errors: many.length, warnings: 0, infos: 0 } };
    const out = formatStylish(report, { color: false });
    // The problems, a blank line, the summary, the "Next:" hint and the final newline.
    assert.equal(out.split('\n').length, 130_000 + 5);
    const started = Date.now();
    const sarif = toSarif({ ...report, files: [{ ...report.files[0], problems: many.slice(0, 5000) }] }, { toolVersion: '0', cwd: '/', inputErrors: [] });
    assert.equal(sarif.runs[0].results.length, 5000);
    // Before: every result sliced and normalised the whole line (158 s for one such file).
    assert.ok(Date.now() - started < 20_000, `SARIF took ${Date.now() - started} ms`);
  });

  test('problems are capped per file: 1,000 and one DPS125 that counts the rest, with the worst severity', () => {
    const dir = tempDir();
    const keys = Array.from({ length: 3000 }, () => '<key>A</key><string>x</string>').join('\n');
    fs.writeFileSync(path.join(dir, 'dups.mobileconfig'), `<?xml version="1.0"?>\n<plist version="1.0"><dict>\n${keys}\n</dict></plist>\n`);
    const r = cli(['check', 'dups.mobileconfig', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 1);
    const diagnostics = (JSON.parse(r.stdout) as { files: { diagnostics: { code: string; severity: string; message: string }[] }[] }).files[0].diagnostics;
    assert.equal(diagnostics.length, 1001);
    const last = diagnostics[1000];
    assert.equal(last.code, 'DPS125');
    assert.equal(last.severity, 'error');
    assert.match(last.message, /^[\d,]+ more problems in this file are not listed \(only the first 1,000 are\)/);
  });

  const unix = process.platform !== 'win32';
  test('--config, --trust-anchors and --scenario read only regular files of bounded size', { skip: unix ? false : 'needs /dev/zero and FIFOs' }, () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'p.mobileconfig'), HOSTILE_PROFILE);
    const fifo = path.join(dir, 'fifo');
    spawnSync('mkfifo', [fifo]);
    const big = path.join(dir, 'big.json');
    fs.writeFileSync(big, Buffer.alloc(2 * 1024 * 1024, 0x20));
    for (const [args, why] of [
      [['check', 'p.mobileconfig', '--config', '/dev/zero'], /not a regular file/],
      [['check', 'p.mobileconfig', '--config', fifo], /not a regular file/],
      [['check', 'p.mobileconfig', '--config', big], /larger than the limit of 1 MB/],
      [['check', 'p.mobileconfig', '--trust-anchors', '/dev/zero'], /not a regular file/],
      [['check', 'p.mobileconfig', '--trust-anchors', fifo], /not a regular file/],
      [['simulate', 'p.mobileconfig', '--scenario', '/dev/zero'], /not a regular file/],
      [['simulate', 'p.mobileconfig', '--scenario', fifo], /not a regular file/],
    ] as const) {
      const r = cli([...args], { cwd: dir, timeout: 30_000 });
      assert.equal(r.code, EXIT_USAGE, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, why, args.join(' '));
    }
  });

  test('--stdin from an endless stream stops at the limit', { skip: unix ? false : 'needs /dev/zero' }, () => {
    const zero = fs.openSync('/dev/zero', 'r');
    try {
      const r = cli(['check', '--stdin'], { cwd: tempDir(), stdin: zero, timeout: 60_000 });
      assert.equal(r.code, EXIT_USAGE);
      assert.match(r.stderr, /standard input is larger than the limit of 64 MB/);
    } finally {
      fs.closeSync(zero);
    }
  });
});

describe('config discovery', () => {
  const BROKEN = '<?xml version="1.0"?>\n<plist version="1.0"><dict><key>A</key><string>x</string><key>A</key><string>y</string></dict></plist>\n';
  const ERRORS_OFF = JSON.stringify({ severity: { DPS109: 'off' } });

  test('stops at the repository root: a config above it is never used; --verbose says so', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.dps-profiles.json'), ERRORS_OFF);
    const repo = path.join(dir, 'repo');
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
    fs.mkdirSync(path.join(repo, 'p'));
    fs.writeFileSync(path.join(repo, 'p', 'broken.mobileconfig'), BROKEN);
    const r = cli(['check', 'broken.mobileconfig', '--verbose'], { cwd: path.join(repo, 'p') });
    assert.equal(r.code, 1, 'the config above the repository root is not used');
    assert.match(r.stderr, /no \.dps-profiles\.json found \(looked in .*; the search stops at the repository root or the home folder\)/);
    // Inside the repository it is found, and named.
    fs.writeFileSync(path.join(repo, '.dps-profiles.json'), ERRORS_OFF);
    const inside = cli(['check', 'broken.mobileconfig', '--verbose'], { cwd: path.join(repo, 'p') });
    assert.equal(inside.code, 0, inside.stderr);
    assert.match(inside.stderr, /settings from \.\.\/\.dps-profiles\.json/);
  });

  test('stops at the home folder outside a repository', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.dps-profiles.json'), ERRORS_OFF);
    const home = path.join(dir, 'home');
    fs.mkdirSync(path.join(home, 'p'), { recursive: true });
    fs.writeFileSync(path.join(home, 'p', 'broken.mobileconfig'), BROKEN);
    const r = spawnSync(process.execPath, [bin, 'check', 'broken.mobileconfig'], {
      cwd: path.join(home, 'p'),
      encoding: 'utf8',
      env: { ...process.env, HOME: home, USERPROFILE: home },
    });
    assert.equal(r.status, 1, r.stderr);
  });
});

describe('secrets are never echoed', () => {
  const rules = path.join(root, 'test', 'fixtures', 'rules');
  const SECRETS = [
    'Xk9-Secret-Challenge-2024',
    'correct horse battery staple',
    'Winter2024!',
    'p12-Passw0rd',
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
    'eyJhbGciOiJIUzI1NiJ9.registration.token',
    'q8Zr-3xYp_2vLmN7',
    'Challenge-Looks-Real',
  ];

  test('DPS490-DPS496 report every static secret, and no format or message prints a secret value', () => {
    const dir = tempDir();
    for (const c of fs.readdirSync(rules).filter((n) => /^DPS49\d-fail-/.test(n))) {
      fs.copyFileSync(path.join(rules, c, 'profile.mobileconfig'), path.join(dir, `${c}.mobileconfig`));
    }
    // A Device Access challenge that looks real but is classed as a template value (DPS452) is not quoted either.
    const okta = fs.readFileSync(path.join(rules, 'DPS452-fail-fleet-template', fs.readdirSync(path.join(rules, 'DPS452-fail-fleet-template'))[0]), 'utf8');
    fs.mkdirSync(path.join(dir, 'okta'));
    fs.writeFileSync(path.join(dir, 'okta', 'dps.mobileconfig'), okta.replace('YOUR_SCEP_SECRET_KEY_FROM_OKTA', 'YOUR_Challenge-Looks-Real'));
    const json = JSON.parse(cli(['check', '.', '--deployment', '--format', 'json'], { cwd: dir }).stdout) as { files: { diagnostics: { code: string }[] }[] };
    const codes = new Set(json.files.flatMap((f) => f.diagnostics.map((d) => d.code)));
    for (const code of ['DPS490', 'DPS491', 'DPS492', 'DPS493', 'DPS494', 'DPS495', 'DPS496', 'DPS452']) assert.ok(codes.has(code), `${code} reported`);
    for (const format of ['stylish', 'json', 'sarif', 'junit', 'github']) {
      const r = cli(['check', '.', '--deployment', '--format', format], { cwd: dir });
      for (const secret of SECRETS) assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), `${format} prints ${secret}`);
    }
    for (const format of ['text', 'json', 'html']) {
      const r = cli(['simulate', 'okta', '--format', format], { cwd: dir });
      assert.ok(!r.stdout.includes('Challenge-Looks-Real') && !r.stderr.includes('Challenge-Looks-Real'), `simulate ${format} prints the challenge`);
    }
  });
});

describe('symbolic links', () => {
  const unix = process.platform !== 'win32';
  test(
    'a link and its target are one file; a link leaving the named folder is checked but not written unless --follow-symlinks',
    { skip: unix ? false : 'symlinks need privileges on Windows' },
    () => {
      const dir = tempDir();
      const folder = fixableFolder(dir);
      // In the same folder: a second name for the fixable file.
      fs.symlinkSync('sso.mobileconfig', path.join(folder, 'sso-link.mobileconfig'));
      const once = cli(['check', 'okta', '--format', 'json'], { cwd: dir });
      const paths = (JSON.parse(once.stdout) as { files: { path: string; diagnostics: { code: string }[] }[] }).files.map((f) => f.path);
      assert.deepEqual(paths, ['okta/sso.mobileconfig', 'okta/z-rest-of-deployment.mobileconfig'], 'the link is not checked a second time');
      assert.doesNotMatch(once.stdout, /DPS21[01]/, 'no false identifier or UUID collision');

      // Outside: a link in the named folder pointing at a file elsewhere.
      const outside = path.join(dir, 'elsewhere');
      fs.mkdirSync(outside);
      fs.renameSync(path.join(folder, 'sso.mobileconfig'), path.join(outside, 'sso.mobileconfig'));
      fs.rmSync(path.join(folder, 'sso-link.mobileconfig'));
      fs.symlinkSync(path.join(outside, 'sso.mobileconfig'), path.join(folder, 'sso.mobileconfig'));
      const refused = cli(['check', 'okta', '--fix'], { cwd: dir });
      assert.match(refused.stderr, /okta\/sso\.mobileconfig: not fixed: it is a link to a file outside the paths you named/);
      assert.deepEqual(fs.readFileSync(path.join(outside, 'sso.mobileconfig')), ORIGINAL, 'the target is untouched');

      const followed = cli(['check', 'okta', '--fix', '--follow-symlinks'], { cwd: dir });
      assert.equal(followed.code, 0, followed.stderr);
      assert.deepEqual(fs.readFileSync(path.join(outside, 'sso.mobileconfig')), FIXED, 'the target is fixed');
      assert.ok(fs.lstatSync(path.join(folder, 'sso.mobileconfig')).isSymbolicLink(), 'the link is still a link');
    },
  );

  test(
    'links named on the command line, matched by a glob, or reached through a linked folder are one file with their target',
    { skip: unix ? false : 'symlinks need privileges on Windows' },
    () => {
      const dir = tempDir();
      const folder = fixableFolder(dir);
      fs.symlinkSync('okta', path.join(dir, 'okta-folder-link'));
      fs.symlinkSync(path.join(folder, 'sso.mobileconfig'), path.join(dir, 'named-link.mobileconfig'));
      const paths = (args: string[]) =>
        (JSON.parse(cli([...args, '--format', 'json'], { cwd: dir }).stdout) as { files: { path: string }[] }).files.map((f) => f.path);
      // A named link and its target: the target is the one checked, whichever comes first.
      assert.deepEqual(paths(['check', 'named-link.mobileconfig', 'okta/sso.mobileconfig']), ['okta/sso.mobileconfig']);
      assert.deepEqual(paths(['check', 'okta/sso.mobileconfig', 'named-link.mobileconfig']), ['okta/sso.mobileconfig']);
      assert.deepEqual(paths(['check', '*.mobileconfig', 'okta']), ['okta/sso.mobileconfig', 'okta/z-rest-of-deployment.mobileconfig']);
      // A folder and a link to it: its files once, under the first name in path order ('-' sorts before '/').
      const viaLink = ['okta-folder-link/sso.mobileconfig', 'okta-folder-link/z-rest-of-deployment.mobileconfig'];
      assert.deepEqual(paths(['check', 'okta', 'okta-folder-link']), viaLink);
      // Through the linked folder alone: reported under the name given, and --fix writes the real file.
      assert.deepEqual(paths(['check', 'okta-folder-link']), viaLink);
      const fixed = cli(['check', 'okta-folder-link', '--fix'], { cwd: dir });
      assert.equal(fixed.code, 0, fixed.stderr);
      assert.deepEqual(fs.readFileSync(path.join(folder, 'sso.mobileconfig')), FIXED);
      assert.ok(fs.lstatSync(path.join(dir, 'named-link.mobileconfig')).isSymbolicLink());
    },
  );
});

describe('fixes that rest on another file of the deployment', () => {
  const FLEET_CONDITIONAL_ACCESS = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
  <key>PayloadContent</key>
  <array>
    <dict>
      <key>PayloadContent</key>
      <dict>
        <key>URL</key>
        <string>https://fleet.example.com/api/fleet/conditional_access/scep</string>
        <key>Challenge</key>
        <string>$FLEET_VAR_CONDITIONAL_ACCESS_SCEP_CHALLENGE</string>
        <key>Name</key>
        <string>Okta conditional access</string>
        <key>Keysize</key>
        <integer>2048</integer>
        <key>Key Usage</key>
        <integer>5</integer>
      </dict>
      <key>PayloadDisplayName</key>
      <string>Okta conditional access certificate</string>
      <key>PayloadIdentifier</key>
      <string>com.fleetdm.conditional-access.scep</string>
      <key>PayloadType</key>
      <string>com.apple.security.scep</string>
      <key>PayloadUUID</key>
      <string>6B1E2C8A-9F0D-4E3B-8C7A-1D2E3F4A5B6C</string>
      <key>PayloadVersion</key>
      <integer>1</integer>
    </dict>
  </array>
  <key>PayloadDisplayName</key>
  <string>Fleet conditional access</string>
  <key>PayloadIdentifier</key>
  <string>com.fleetdm.conditional-access</string>
  <key>PayloadScope</key>
  <string>User</string>
  <key>PayloadType</key>
  <string>Configuration</string>
  <key>PayloadUUID</key>
  <string>7C2F3D9B-0A1E-4F4C-9D8B-2E3F4A5B6C7D</string>
  <key>PayloadVersion</key>
  <integer>1</integer>
</dict>
</plist>
`;

  test('a Fleet conditional-access SCEP profile named "Okta" beside an Okta example is not rewritten by --fix', () => {
    const dir = tempDir();
    const folder = fixableFolder(dir);
    fs.writeFileSync(path.join(folder, 'fleet-conditional-access.mobileconfig'), FLEET_CONDITIONAL_ACCESS);
    const r = cli(['check', 'okta', '--fix', '--format', 'json'], { cwd: dir });
    assert.equal(
      fs.readFileSync(path.join(folder, 'fleet-conditional-access.mobileconfig'), 'utf8'),
      FLEET_CONDITIONAL_ACCESS,
      'Key Usage and PayloadScope untouched',
    );
    assert.doesNotMatch(r.stderr, /fleet-conditional-access\.mobileconfig:\n/);
    assert.match(r.stderr, /fixed 1 problem in okta\/sso\.mobileconfig/, 'the Okta file itself is still fixed');
  });
});

describe('a check takes time in proportion to its input: hostile values, comments and one-line layouts', () => {
  // Each case once took minutes: a regular expression that backtracked (the "replace … with your org" comment test of
  // DPS434/DPS452, the `{{variable}}` and `{{org}}` tests, the authsrv: and SSO URL parsers, suppression comments), or
  // a search repeated per value, per problem or per fix (a profile on one line had the whole file scanned for each).
  // The old code took from 72 s to several minutes on these files; a 30 s limit leaves a wide margin for a slow machine.
  const example = fs.readFileSync(path.join(root, 'examples', 'okta-dps-psso2.mobileconfig'), 'utf8').replace(/example\.okta\.com/g, 'acme.okta.com');
  const nonce = '<string>https://acme.okta.com/device-access/api/v1/nonce</string>';
  /** The example with one element replaced (which must be there: a replace that misses would test nothing). */
  const exampleWith = (from: string, to: string) => {
    assert.ok(example.includes(from), from);
    return example.replace(from, to);
  };

  test('a profile of 20,000 SCEP payloads: which of them is the Device Access certificate is decided once per profile', () => {
    // Each SCEP payload once walked every payload of its profile (13.8 s for 10,000; ~55 s for these).
    const dir = tempDir();
    const scep = (i: number) =>
      `<dict><key>PayloadDisplayName</key><string>Cert ${i}</string><key>PayloadIdentifier</key><string>com.example.scep.${i}</string>` +
      `<key>PayloadType</key><string>com.apple.security.scep</string><key>PayloadUUID</key><string>00000000-0000-4000-8000-${String(i).padStart(12, '0')}</string>` +
      `<key>PayloadVersion</key><integer>1</integer><key>PayloadContent</key><dict><key>URL</key><string>https://ndes.example.com/${i}</string></dict></dict>`;
    const many = Array.from({ length: 20_000 }, (_, i) => scep(i)).join('\n');
    fs.writeFileSync(
      path.join(dir, 'sceps.mobileconfig'),
      exampleWith('<key>PayloadContent</key>\n\t<array>', `<key>PayloadContent</key>\n\t<array>\n${many}`),
    );
    const r = cli(['check', 'sceps.mobileconfig', '--format', 'json'], { cwd: dir, timeout: 30_000 });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
  });

  test('a comment of 32,000 repeated words above a URL', () => {
    const dir = tempDir();
    const comment = `<!-- replace ${'with your '.repeat(32_000)}-->\n\t\t\t\t`;
    fs.writeFileSync(path.join(dir, 'long-comment.mobileconfig'), example.replace(nonce, comment + nonce));
    const r = cli(['check', 'long-comment.mobileconfig', '--format', 'json'], { cwd: dir, timeout: 30_000 });
    assert.equal(r.code, 0, r.stderr);
  });

  test('a URL of `{{` and 40,000 spaces (a template variable that never closes)', () => {
    const dir = tempDir();
    const url = `https://{{${' '.repeat(40_000)}acme.okta.com/device-access/api/v1/nonce`;
    fs.writeFileSync(path.join(dir, 'open-braces.mobileconfig'), example.replace(nonce, `<string>${url}</string>`));
    const r = cli(['check', 'open-braces.mobileconfig', '--format', 'json'], { cwd: dir, timeout: 30_000 });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
  });

  // Found by an audit that timed each shape at growing sizes: on the old code each of these took minutes (their
  // quadratic growth measured at 20-40 s for a third to a quarter of these sizes); each now checks in about a second.
  const hostileValues: [string, string][] = [
    ['a value of 200,000 `{` (an MDM `{{variable}}` that never closes)', `https://acme.okta.com/${'{'.repeat(200_000)}`],
    ['an SSO URL with a line break after a 500,000-character host and a `/`', `https://${'a'.repeat(500_000)}/\nx`],
  ];
  for (const [what, url] of hostileValues) {
    test(what, () => {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'hostile.mobileconfig'), exampleWith(nonce, `<string>${url}</string>`));
      const r = cli(['check', 'hostile.mobileconfig', '--format', 'json'], { cwd: dir, timeout: 30_000 });
      assert.ok(r.code === 0 || r.code === 1, r.stderr);
    });
  }

  test('an authsrv: entry of 250,000 letters, a `#` and a line break', () => {
    const dir = tempDir();
    const entry = `authsrv:${'a'.repeat(250_000)}#\nx`;
    fs.writeFileSync(path.join(dir, 'authsrv.mobileconfig'), exampleWith('<string>authsrv:acme.okta.com</string>', `<string>${entry}</string>`));
    const r = cli(['check', 'authsrv.mobileconfig', '--format', 'json'], { cwd: dir, timeout: 30_000 });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
  });

  test('60,000 dps-profiles-disable-next-line comments and 120,000 problems', () => {
    const dir = tempDir();
    const many =
      '<!--dps-profiles-disable-next-line DPS109-->\n'.repeat(60_000) +
      `<key>Numbers</key><array>${'<integer>x</integer>'.repeat(120_000)}</array>\n<key>AccountDisplayName</key>`;
    fs.writeFileSync(path.join(dir, 'directives.mobileconfig'), exampleWith('<key>AccountDisplayName</key>', many));
    const r = cli(['check', 'directives.mobileconfig', '--format', 'json'], { cwd: dir, timeout: 30_000 });
    assert.equal(r.code, 1, r.stderr);
  });

  test('200,000 unclosed `<!--dps-profiles-disable` in a CDATA section', () => {
    const dir = tempDir();
    // No `-->` anywhere after them (the example has comments further down, which would close the first).
    const cdata = `<![CDATA[${'<!--dps-profiles-disable '.repeat(200_000)}]]>`;
    const profile = `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict><key>PayloadType</key><string>Configuration</string><key>Note</key><string>${cdata}</string></dict></plist>\n`;
    fs.writeFileSync(path.join(dir, 'unclosed.mobileconfig'), profile);
    const r = cli(['check', 'unclosed.mobileconfig', '--format', 'json'], { cwd: dir, timeout: 30_000 });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
  });

  test('a profile on one line with 40,000 URLs and a template comment at its start', () => {
    const dir = tempDir();
    const urls = Array.from({ length: 40_000 }, (_, i) => `<string>https://acme.okta.com/extra/${i}</string>`).join('');
    const oneLine = example
      .replace(nonce, nonce + urls)
      .replace(/>\s+</g, '><')
      .replace(/\n/g, ' ')
      .replace('<plist version="1.0">', '<plist version="1.0"><!-- Replace acme with your org -->');
    fs.writeFileSync(path.join(dir, 'one-line.mobileconfig'), oneLine);
    const r = cli(['check', 'one-line.mobileconfig', '--format', 'json'], { cwd: dir, timeout: 30_000 });
    // A finding made on a comment alone is a warning (the comment may have outlived the template): exit 0.
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { files: { diagnostics: { code: string; message: string; severity: string }[] }[] };
    const underComment = report.files[0].diagnostics.filter((d) => d.code === 'DPS434' && /template comment/.test(d.message));
    assert.ok(underComment.every((d) => d.severity === 'warning'));
    // The comment is near the first URLs only: the ones more than 4,096 characters away are not judged by it.
    assert.ok(underComment.length > 0 && underComment.length < 100, `${underComment.length} URLs judged by the comment`);
  });

  test('a profile on one line with 20,000 payloads that lack PayloadVersion: each fix finds its line start near it', () => {
    // Each DPS201 comes with a fix that inserts the key, laid out like the lines around it; finding the start of a
    // line once scanned back to the start of the file (97 s for a 7 MB profile written on one line).
    const dir = tempDir();
    const payloads = Array.from(
      { length: 20_000 },
      (_, i) =>
        `<dict><key>PayloadType</key><string>com.example.setting</string><key>PayloadIdentifier</key><string>com.example.setting.${i}</string>` +
        `<key>PayloadUUID</key><string>00000000-0000-4000-8000-${String(i).padStart(12, '0')}</string></dict>`,
    ).join('');
    const oneLine =
      '<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict><key>PayloadContent</key><array>' +
      payloads +
      '</array><key>PayloadIdentifier</key><string>com.example.one-line</string><key>PayloadType</key><string>Configuration</string>' +
      '<key>PayloadUUID</key><string>00000000-0000-4000-8000-999999999999</string><key>PayloadVersion</key><integer>1</integer></dict></plist>';
    fs.writeFileSync(path.join(dir, 'one-line.mobileconfig'), oneLine);
    const r = cli(['check', 'one-line.mobileconfig', '--format', 'json'], { cwd: dir, timeout: 30_000 });
    // A payload's missing PayloadVersion is a warning.
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { files: { diagnostics: { code: string }[] }[] };
    assert.ok(report.files[0].diagnostics.some((d) => d.code === 'DPS201'));
  });
});
