// The project config file (.dps-profiles.json) in the editor: the language server applies the settings the CLI reads
// from it (severity, targetMacOS, deviceAccessScep, preferenceDomainFiles, per-path overrides), the one at the top of
// the workspace folder, so the editor shows what `dps-profiles check` run from the workspace folder shows; and it
// follows the file when a watcher reports a change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, startServer } from './helpers/lsp-server';

const PROFILE = readFileSync(path.join(repoRoot, 'examples', 'broken', 'dps-common-mistakes.mobileconfig'), 'utf8');
const bin = path.join(repoRoot, 'bin', 'dps-profiles.js');

/** The CLI's codes and severities for `file`, in a run over `target` from `cwd` (where it looks for .dps-profiles.json). */
function cliProblems(cwd: string, file: string, target = file): string[] {
  const r = spawnSync(process.execPath, [bin, 'check', '--format', 'json', target], { cwd, encoding: 'utf8' });
  const report = JSON.parse(r.stdout) as { files: { path: string; diagnostics: { code: string; severity: string }[] }[] };
  const entry = report.files.find((f) => path.resolve(cwd, f.path) === file);
  assert.ok(entry, `the CLI reports ${file}`);
  return entry.diagnostics.map((d) => `${d.code}:${d.severity}`).sort();
}

const SEVERITY: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

test('the editor applies the workspace .dps-profiles.json as the CLI does, and follows changes to it', async (t) => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'dps-project-config-'));
  t.after(() => rmSync(workspace, { recursive: true, force: true }));
  mkdirSync(path.join(workspace, 'profiles'));
  const file = path.join(workspace, 'profiles', 'sso.mobileconfig');
  writeFileSync(file, PROFILE);
  const uri = pathToFileURL(file).href;
  const without = cliProblems(workspace, file);
  assert.ok(without.includes('DPS414:warning'), `the example raises DPS414 without a config: ${without.join(' ')}`);

  // The team decided: the Device Access certificate comes from the MDM, and one rule is an error.
  const configFile = path.join(workspace, '.dps-profiles.json');
  // And, for the profiles/ folder only, one rule is a warning (a per-path override).
  writeFileSync(
    configFile,
    JSON.stringify({ deviceAccessScep: 'external', severity: { DPS414: 'error' }, overrides: [{ files: ['profiles/**'], severity: { DPS470: 'warning' } }] }),
  );
  const withConfig = cliProblems(workspace, file);
  assert.notDeepEqual(withConfig, without, 'the config changes what the CLI reports');

  // A config file in a subfolder is not the CLI's (it uses the one found from where it runs): the editor ignores it too.
  writeFileSync(path.join(workspace, 'profiles', '.dps-profiles.json'), JSON.stringify({ severity: { DPS403: 'off' } }));
  assert.ok(cliProblems(workspace, file, workspace).includes('DPS403:error'));

  // A closed profile in another folder: the workspace scan checks it with the same config.
  mkdirSync(path.join(workspace, 'closed'));
  const closed = path.join(workspace, 'closed', 'sso.mobileconfig');
  writeFileSync(closed, PROFILE);

  const server = await startServer(t, { initialize: { workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'w' }] } });
  const codes = (p: { diagnostics: { code?: string | number; severity?: number }[] }) =>
    p.diagnostics.map((d) => `${String(d.code)}:${SEVERITY[d.severity ?? 1]}`).sort();
  const scanned = await server.diagnosticsFor(pathToFileURL(closed).href);
  // The whole workspace, as the editor sees it: the two folders are two deployments, and their profiles collide (DPS21x).
  assert.deepEqual(codes(scanned), cliProblems(workspace, closed, workspace), 'the scan of closed files uses the config too');
  // The live check's diagnostics (they carry the version), not the scan's of the file before it was opened.
  const live = server.nextDiagnostics(uri, (p) => p.version === 1);
  server.open(uri, PROFILE);
  const first = await live;
  const cliFirst = cliProblems(workspace, file, workspace);
  assert.ok(cliFirst.includes('DPS470:warning') && codes(scanned).includes('DPS470:error'), 'the override applies to profiles/ only');
  assert.deepEqual(codes(first), cliFirst, 'the editor shows what the CLI run from the workspace folder shows');

  // A changed config, reported by the client's watcher: the open document is checked again with it.
  writeFileSync(configFile, JSON.stringify({ severity: { DPS414: 'off' } }));
  const expected = cliProblems(workspace, file, workspace);
  assert.ok(!expected.some((c) => c.startsWith('DPS414')));
  const next = server.nextDiagnostics(uri, (p) => JSON.stringify(codes(p)) === JSON.stringify(expected));
  server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configFile).href, type: 2 }] });
  assert.deepEqual(codes(await next), expected);
});

test('a .dps-profiles.json above the workspace folder does not apply (the search stops at the workspace folder)', async (t) => {
  const outer = mkdtempSync(path.join(tmpdir(), 'dps-project-outer-'));
  t.after(() => rmSync(outer, { recursive: true, force: true }));
  writeFileSync(path.join(outer, '.dps-profiles.json'), JSON.stringify({ severity: { DPS414: 'off' } }));
  const workspace = path.join(outer, 'repo');
  mkdirSync(workspace);
  const file = path.join(workspace, 'sso.mobileconfig');
  writeFileSync(file, PROFILE);
  const server = await startServer(t, { initialize: { workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'w' }] } });
  const published = await server.openChecked(pathToFileURL(file).href, PROFILE);
  assert.ok(published.diagnostics.some((d) => d.code === 'DPS414'));
});
