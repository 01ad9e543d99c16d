/**
 * The standard harness: @vscode/test-electron downloads VS Code and runs
 * electron/suite.ts inside it. Where VS Code cannot be downloaded (these
 * machines reach only npm and Debian) it skips; `node scripts/e2e.mjs` covers
 * the same ground in code-server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const VSCODE_VERSION = '1.100.3';

async function reachable(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    return response.status < 500 ? undefined : `HTTP ${response.status}`;
  } catch (error) {
    return error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
  }
}

test('the extension reports DPS diagnostics in VS Code (@vscode/test-electron)', { timeout: 600_000 }, async (t) => {
  const unreachable = await reachable('https://update.code.visualstudio.com/api/releases/stable');
  if (unreachable) {
    t.skip(`VS Code cannot be downloaded here (${unreachable}); node scripts/e2e.mjs runs the real-VS-Code suite in code-server instead`);
    return;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY) {
    t.skip('VS Code (Electron) needs a display: run under xvfb-run; node scripts/e2e.mjs needs none');
    return;
  }
  const { runTests } = await import('@vscode/test-electron');
  const esbuild = await import('esbuild');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-electron-'));
  try {
    const suite = path.join(tmp, 'suite.js');
    await esbuild.build({
      entryPoints: [path.join(root, 'test/e2e/electron/suite.ts')],
      outfile: suite,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['vscode'],
    });
    const workspace = path.join(tmp, 'workspace');
    fs.cpSync(path.join(root, 'test/e2e/workspace'), workspace, { recursive: true });
    const code = await runTests({
      version: VSCODE_VERSION,
      cachePath: path.join(root, '.vscode-test'),
      extensionDevelopmentPath: root,
      extensionTestsPath: suite,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(tmp, 'user-data')],
    });
    assert.equal(code, 0);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
