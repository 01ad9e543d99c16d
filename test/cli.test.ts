import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, type CliEnvironment } from '../server/src/cli/dispatch';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'dps-profiles.js');
const fixtures = path.join(root, 'test', 'fixtures', 'cli');
const packageVersion: string = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the real CLI as a child process, as a user or a CI job would. */
function cli(args: string[], options: { cwd?: string; input?: string | Buffer; env?: Record<string, string> } = {}): RunResult {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  if (!options.env || !('NO_COLOR' in options.env)) delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: options.cwd ?? fixtures, input: options.input, env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonOutput {
  version: number;
  files: {
    path: string;
    diagnostics: {
      code: string;
      severity: string;
      message: string;
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
      keyPath?: string;
      related?: { path: string; range?: unknown; message: string }[];
    }[];
  }[];
  summary: { files: number; errors: number; warnings: number; infos: number };
}

function json(args: string[], options: Parameters<typeof cli>[1] = {}): { result: RunResult; report: JsonOutput } {
  const result = cli([...args, '--format', 'json'], options);
  return { result, report: JSON.parse(result.stdout) as JsonOutput };
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-cli-test-'));
  tempDirs.push(dir);
  return dir;
}
after(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** 0-based line of the n-th (1-based) occurrence of `needle` in a fixture. */
function lineOf(fixture: string, needle: string, occurrence = 1): number {
  const text = fs.readFileSync(path.join(fixtures, fixture), 'utf8');
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${needle} occurs ${occurrence} times in ${fixture}`);
  }
  return text.slice(0, at).split('\n').length - 1;
}

const VALID_PROFILE = fs.readFileSync(path.join(fixtures, 'profiles', 'valid.mobileconfig'));

describe('help and version', () => {
  test('--help prints usage with every exit code and exits 0', () => {
    const r = cli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: dps-profiles check/);
    for (const line of [/^\s+0\s+no errors/m, /^\s+1\s+errors found/m, /^\s+2\s+usage error/m]) assert.match(r.stdout, line);
  });

  test('--version prints the package version', () => {
    const r = cli(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), packageVersion);
  });
});

describe('exit codes', () => {
  test('0 for a clean profile', () => {
    const r = cli(['check', 'profiles/valid.mobileconfig']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '✔ 1 file checked, no problems\n');
    assert.equal(r.stderr, '');
  });

  test('1 for a profile with errors', () => {
    const r = cli(['check', 'profiles/broken.mobileconfig']);
    assert.equal(r.code, 1);
  });

  for (const [why, args] of [
    ['an unknown option', ['check', 'profiles', '--frobnicate']],
    ['an unknown command', ['lint', 'profiles']],
    ['no command', []],
    ['no inputs', ['check']],
    ['a bad --format', ['check', 'profiles', '--format', 'xml']],
    ['a bad severity level', ['check', 'profiles', '--severity', 'DPS202=loud']],
    ['an unknown code in --severity', ['check', 'profiles', '--severity', 'DPS999=off']],
    ['a --severity without =', ['check', 'profiles', '--severity', 'DPS202']],
    ['a bad --max-warnings', ['check', 'profiles', '--max-warnings', 'many']],
    ['a bad --target-macos', ['check', 'profiles', '--target-macos', 'Sonoma']],
    ['an option missing its value', ['check', 'profiles', '--format']],
    ['--stdin with file names', ['check', '--stdin', 'profiles']],
  ] as const) {
    test(`2 for ${why}, with a message and no report`, () => {
      const r = cli([...args]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^dps-profiles: /);
      assert.equal(r.stdout, '');
    });
  }
});

describe('stylish output', () => {
  test('a header per file, one 1-based line per problem, the summary last', () => {
    const r = cli(['check', 'profiles']);
    assert.equal(r.code, 1);
    // eslint-disable-next-line no-control-regex -- the test looks for ANSI escapes
    assert.doesNotMatch(r.stdout, /\u001b\[/, 'no colour when stdout is not a terminal');
    const lines = r.stdout.trimEnd().split('\n');
    // Only files with problems get a header; the clean ones are counted in the summary.
    assert.equal(lines[0], 'profiles/broken.mobileconfig');
    const problemLines = lines.filter((l) => l.startsWith('  '));
    assert.equal(problemLines.length, 2);
    const parsed = problemLines.map((l) => {
      const m = /^ {2}(\S+):(\d+):(\d+)\s+(error|warning|info|hint)\s+(.+?)\s+(DPS\d+)$/.exec(l);
      assert.ok(m, `problem line has the documented shape: ${JSON.stringify(l)}`);
      return { path: m[1], line: Number(m[2]), col: Number(m[3]), severity: m[4], code: m[6] };
    });
    const duplicate = parsed.find((p) => p.code === 'DPS109');
    assert.ok(duplicate);
    assert.equal(duplicate.path, 'profiles/broken.mobileconfig');
    assert.equal(duplicate.severity, 'error');
    assert.equal(duplicate.line, lineOf('profiles/broken.mobileconfig', '<key>PayloadDisplayName</key>', 2) + 1);
    assert.ok(duplicate.col >= 1);
    assert.equal(lines[lines.length - 2], '✖ 2 problems (1 error, 1 warning, 0 infos)');
    // The last line tells a newcomer what to try next, from what the run found.
    assert.match(lines[lines.length - 1], /^Next: .*docs\/rules\/DPS109\.md explains DPS109.*dps-profiles simulate <folder>/);
  });

  test('a run that exits 2 never prints the green "no problems" line', () => {
    const r = cli(['check', 'nope/', 'profiles/valid.mobileconfig']);
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.stdout, /no problems/);
    assert.match(r.stdout, /✖ 1 file checked without problems, but 1 input could not be checked/);
    assert.match(r.stderr, /nope\/: no such file or folder/);
  });

  test('--quiet shows errors only', () => {
    const r = cli(['check', 'profiles', '--quiet']);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stdout, /DPS202/);
    assert.match(r.stdout, /DPS109/);
    // The warning --quiet leaves out is counted on the last line, not listed.
    assert.match(r.stdout, /✖ 1 problem \(1 error, 0 warnings, 0 infos; 1 warning not listed: --quiet\)\nNext: [^\n]+\n$/);
  });

  test('--output writes the report to a file and nothing to stdout', () => {
    const out = path.join(tempDir(), 'reports', 'result.txt');
    const r = cli(['check', 'profiles/broken.mobileconfig', '--output', out]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(fs.readFileSync(out, 'utf8'), /✖ 2 problems/);
  });
});

describe('json output', () => {
  test('follows the documented contract with 0-based ranges and key paths', () => {
    const { result, report } = json(['check', 'profiles']);
    assert.equal(result.code, 1);
    assert.equal(report.version, 1);
    assert.deepEqual(
      report.files.map((f) => f.path),
      ['profiles/broken.mobileconfig', 'profiles/nested/okta/com.okta.mobile.plist', 'profiles/valid.mobileconfig'],
    );
    assert.deepEqual(report.summary, { files: 3, errors: 1, warnings: 1, infos: 0 });
    const broken = report.files[0];
    const codes = broken.diagnostics.map((d) => d.code);
    assert.deepEqual([...codes].sort(), ['DPS109', 'DPS202']);
    for (const d of broken.diagnostics) {
      assert.deepEqual(
        Object.keys(d).filter((k) => !['keyPath', 'related'].includes(k)),
        ['code', 'severity', 'message', 'range'],
      );
      assert.ok(['error', 'warning', 'info', 'hint'].includes(d.severity));
      assert.equal(typeof d.message, 'string');
      for (const pos of [d.range.start, d.range.end]) {
        assert.ok(Number.isInteger(pos.line) && pos.line >= 0);
        assert.ok(Number.isInteger(pos.character) && pos.character >= 0);
      }
    }
    const uuid = broken.diagnostics.find((d) => d.code === 'DPS202')!;
    assert.equal(uuid.severity, 'warning');
    // 0-based: the line the value sits on, counted from 0.
    assert.equal(uuid.range.start.line, lineOf('profiles/broken.mobileconfig', 'not-a-uuid'));
    assert.equal(uuid.keyPath, 'PayloadContent[0].PayloadUUID');
    const duplicate = broken.diagnostics.find((d) => d.code === 'DPS109')!;
    assert.equal(duplicate.range.start.line, lineOf('profiles/broken.mobileconfig', '<key>PayloadDisplayName</key>', 2));
    for (const f of report.files.slice(1)) assert.deepEqual(f.diagnostics, []);
  });
});

describe('severity overrides and config', () => {
  test('--severity CODE=off drops a code', () => {
    const { result, report } = json(['check', 'profiles/broken.mobileconfig', '--severity', 'DPS202=off']);
    assert.equal(result.code, 1);
    assert.deepEqual(
      report.files[0].diagnostics.map((d) => d.code),
      ['DPS109'],
    );
    assert.deepEqual(report.summary, { files: 1, errors: 1, warnings: 0, infos: 0 });
  });

  test('--severity accepts a code name, repeats, and can turn an error into a warning', () => {
    const { result, report } = json(['check', 'profiles/broken.mobileconfig', '--severity=duplicate-key=warning', '--severity', 'dps202=info']);
    assert.equal(result.code, 0, 'no errors left');
    assert.deepEqual(report.summary, { files: 1, errors: 0, warnings: 1, infos: 1 });
  });

  test('the nearest .dps-profiles.json applies, and CLI flags win over it', () => {
    const cwd = path.join(fixtures, 'config');
    // The config makes the malformed UUID an error (by the code's name).
    const withConfig = json(['check', '.'], { cwd });
    assert.equal(withConfig.result.code, 1);
    assert.equal(withConfig.report.files[0].diagnostics[0].code, 'DPS202');
    assert.equal(withConfig.report.files[0].diagnostics[0].severity, 'error');
    // The same file without the config (checked from elsewhere) is only a warning.
    assert.equal(cli(['check', 'config/malformed-uuid.mobileconfig']).code, 0);
    // A flag by code beats the file's entry by name.
    const overridden = json(['check', '.', '--severity', 'DPS202=warning'], { cwd });
    assert.equal(overridden.result.code, 0);
    assert.equal(overridden.report.files[0].diagnostics[0].severity, 'warning');
  });

  test('--config preferenceDomainFiles makes folders pick up extra preference plists', () => {
    const without = cli(['check', 'domain-files']);
    assert.equal(without.code, 2);
    assert.match(without.stderr, /domain-files: no profiles found/);
    const { result, report } = json(['check', 'domain-files', '--config', 'domain-files.json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      report.files.map((f) => f.path),
      ['domain-files/okta-settings.plist'],
    );
  });

  test('a config file that is not JSON, or does not exist, is a usage error', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.dps-profiles.json'), '{ "severity": ');
    fs.writeFileSync(path.join(dir, 'a.mobileconfig'), VALID_PROFILE);
    const bad = cli(['check', '.'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not valid JSON/);
    const missing = cli(['check', 'profiles', '--config', 'nope.json']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read config file/);
  });

  test('bad values in the config are reported and skipped', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.dps-profiles.json'), JSON.stringify({ severity: { DPS202: 'loud' }, severities: {} }));
    fs.writeFileSync(path.join(dir, 'a.mobileconfig'), VALID_PROFILE);
    const r = cli(['check', '.'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.match(r.stderr, /severity for DPS202 must be one of/);
    assert.match(r.stderr, /unknown setting "severities"/);
  });
});

describe('--max-warnings', () => {
  test('more warnings than allowed exits 1 with a message; at the limit exits 0', () => {
    const over = cli(['check', 'warnings', '--max-warnings', '0']);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /1 warnings exceed --max-warnings 0/);
    assert.equal(cli(['check', 'warnings', '--max-warnings', '1']).code, 0);
    assert.equal(cli(['check', 'warnings']).code, 0, 'warnings alone never fail without --max-warnings');
  });
});

describe('inputs', () => {
  test('a missing path is reported, the other files are still checked, exit 2', () => {
    const { result, report } = json(['check', 'does-not-exist.mobileconfig', 'profiles/broken.mobileconfig']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /does-not-exist\.mobileconfig: no such file or folder/);
    assert.deepEqual(
      report.files.map((f) => f.path),
      ['profiles/broken.mobileconfig'],
    );
    assert.equal(report.summary.errors, 1);
  });

  test('a folder without profiles exits 2', () => {
    const r = cli(['check', 'no-profiles']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no-profiles: no profiles found in this folder/);
  });

  test('an empty file is DPS100 and a binary file DPS102, both errors', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'empty.mobileconfig'), '');
    const binary = Buffer.alloc(512);
    for (let i = 0; i < binary.length; i++) binary[i] = Math.floor(Math.random() * 256);
    binary[0] = 0x3c; // '<': looks like it might be XML until the NULs
    binary[10] = 0;
    binary[200] = 0;
    fs.writeFileSync(path.join(dir, 'binary.mobileconfig'), binary);
    const { result, report } = json(['check', '.'], { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    const byPath = new Map(report.files.map((f) => [f.path, f.diagnostics.map((d) => `${d.code}:${d.severity}`)]));
    assert.deepEqual(byPath.get('empty.mobileconfig'), ['DPS100:error']);
    assert.deepEqual(byPath.get('binary.mobileconfig'), ['DPS102:error']);
    const stylish = cli(['check', 'empty.mobileconfig'], { cwd: dir });
    assert.match(stylish.stdout, /^ {2}empty\.mobileconfig:1:1\s+error\s+.+DPS100$/m);
  });

  test('an unreadable file is reported, exit 2, the rest still checked', { skip: process.getuid?.() === 0 ? 'root can read any file' : false }, () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'locked.mobileconfig'), VALID_PROFILE, { mode: 0o000 });
    fs.writeFileSync(path.join(dir, 'open.mobileconfig'), VALID_PROFILE);
    const { result, report } = json(['check', '.'], { cwd: dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /locked\.mobileconfig: cannot read/);
    assert.deepEqual(
      report.files.map((f) => f.path),
      ['open.mobileconfig'],
    );
  });

  test('folders are searched recursively, skipping node_modules and .git; each file once, sorted', () => {
    const dir = tempDir();
    for (const rel of [
      'b/z.mobileconfig',
      'a.mobileconfig',
      'b/com.okta.mobile.auth-service-extension.plist',
      'node_modules/x/dep.mobileconfig',
      '.git/x.mobileconfig',
      'b/notes.plist',
    ]) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), VALID_PROFILE);
    }
    const { report } = json(['check', 'b', '.', 'a.mobileconfig', './b/z.mobileconfig'], { cwd: dir });
    assert.deepEqual(
      report.files.map((f) => f.path),
      ['a.mobileconfig', 'b/com.okta.mobile.auth-service-extension.plist', 'b/z.mobileconfig'],
    );
  });

  test('globs: *, ** and ? are expanded by the CLI itself', () => {
    const paths = (pattern: string) => json(['check', pattern]).report.files.map((f) => f.path);
    assert.deepEqual(paths('profiles/*.mobileconfig'), ['profiles/broken.mobileconfig', 'profiles/valid.mobileconfig']);
    assert.deepEqual(paths('profiles/**/*.plist'), ['profiles/nested/okta/com.okta.mobile.plist']);
    assert.deepEqual(paths('**/malformed-uuid.mobileconfig'), ['config/malformed-uuid.mobileconfig', 'warnings/malformed-uuid.mobileconfig']);
    assert.deepEqual(paths('profiles/v?lid.mobileconfig'), ['profiles/valid.mobileconfig']);
    const none = cli(['check', 'profiles/*.nothing']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /profiles\/\*\.nothing: no files match this pattern/);
  });

  test('--stdin checks standard input under --stdin-filename', () => {
    const broken = fs.readFileSync(path.join(fixtures, 'profiles', 'broken.mobileconfig'));
    const named = json(['check', '--stdin', '--stdin-filename', 'from-mdm/okta.mobileconfig'], { input: broken });
    assert.equal(named.result.code, 1);
    assert.deepEqual(
      named.report.files.map((f) => f.path),
      ['from-mdm/okta.mobileconfig'],
    );
    assert.deepEqual(named.report.files[0].diagnostics.map((d) => d.code).sort(), ['DPS109', 'DPS202']);

    const unnamed = cli(['check', '--stdin'], { input: VALID_PROFILE });
    assert.equal(unnamed.code, 0);
    assert.equal(unnamed.stdout, '✔ 1 file checked, no problems\n');
    assert.match(json(['check', '--stdin'], { input: '' }).result.stdout, /"path": "<stdin>"[\s\S]*"code": "DPS100"/);
  });

  test('--stdin-filename is the file name the core sees (a known preference domain)', () => {
    const plist = '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>SomeSetting</key>\n\t<string>x</string>\n</dict>\n</plist>\n';
    const codes = (name: string) => json(['check', '--stdin', '--stdin-filename', name], { input: plist }).report.files[0].diagnostics.map((d) => d.code);
    assert.ok(codes('random.plist').includes('DPS208'), 'an unnamed plist is an unknown document');
    assert.ok(!codes('com.okta.mobile.plist').includes('DPS208'), 'named after a known domain, it is checked as preferences');
  });
});

describe('--deployment', () => {
  test('the profiles of one folder are one deployment; --per-file checks each alone; --deployment joins folders', () => {
    const apart = json(['check', 'deployment', '--per-file']);
    assert.equal(apart.result.code, 0, 'two profiles claiming one SSO URL are each fine alone');
    const byFolder = json(['check', 'deployment/second.mobileconfig', 'profiles/valid.mobileconfig']);
    assert.equal(
      byFolder.report.files.find((f) => f.path === 'deployment/second.mobileconfig')?.diagnostics.length,
      0,
      'first.mobileconfig was not given, so second is alone',
    );
    const joined = json(['check', 'deployment/first.mobileconfig', 'deployment/second.mobileconfig']);
    assert.deepEqual(
      joined.report.files[1].diagnostics.map((d) => d.code),
      ['DPS405'],
      'files of one folder form one deployment by default',
    );
    const together = json(['check', 'deployment']);
    assert.equal(together.result.code, 1);
    const [first, second] = together.report.files;
    assert.deepEqual(first.diagnostics, []);
    assert.deepEqual(
      second.diagnostics.map((d) => d.code),
      ['DPS405'],
    );
    const related = second.diagnostics[0].related;
    assert.equal(related?.length, 1);
    assert.equal(related[0].path, 'deployment/first.mobileconfig');
    assert.deepEqual(related[0].range, { start: { line: 26, character: 12 }, end: { line: 26, character: 52 } }, 'a range in the other file');
    assert.equal(lineOf('deployment/first.mobileconfig', 'https://sso.cli-fixture.example.com/auth</string>'), 26);
  });
});

describe('colour', () => {
  /** In-process run with a fake terminal: the child-process tests above cannot get a TTY. */
  async function runWithTty(argv: string[], env: Record<string, string> = {}): Promise<string> {
    let out = '';
    const io: CliEnvironment = {
      argv,
      cwd: fixtures,
      env,
      stdout: { isTTY: true, write: (s: string) => (out += s) },
      stderr: { write: () => true },
      readStdin: async () => new Uint8Array(),
      toolVersion: packageVersion,
    };
    await runCli(io);
    return out;
  }

  test('ANSI colour on a terminal, none with --no-color or NO_COLOR', async () => {
    // eslint-disable-next-line no-control-regex -- the test looks for ANSI escapes
    assert.match(await runWithTty(['check', 'profiles/broken.mobileconfig']), /\u001b\[31m/);
    // eslint-disable-next-line no-control-regex -- the test looks for ANSI escapes
    assert.doesNotMatch(await runWithTty(['check', 'profiles/broken.mobileconfig', '--no-color']), /\u001b\[/);
    // eslint-disable-next-line no-control-regex -- the test looks for ANSI escapes
    assert.doesNotMatch(await runWithTty(['check', 'profiles/broken.mobileconfig'], { NO_COLOR: '1' }), /\u001b\[/);
  });
});
