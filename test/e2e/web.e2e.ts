/**
 * VS Code for the Web, end to end: a web-only variant of the VSIX (a manifest with
 * `browser` and no `main`, from `scripts/package-vsix.mjs --web-only`) installed into
 * code-server, which must then run it in the browser's web-worker extension host,
 * as github.dev and vscode.dev do. The language server runs in a web worker and
 * reads the folder's other profiles through the client (VS Code's file system API;
 * code-server's files are `vscode-remote:` URIs, a non-`file:` scheme like github.dev's).
 * Checked: no node process runs the server, the Problems panel equals the CLI for
 * the open file and its closed sibling (a cross-file rule), a quick fix, completion,
 * and the deployment preview. Run by `node scripts/e2e.mjs`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type FrameLocator } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  findFiles,
  installExtension,
  startCodeServer,
  stopGroup,
  waitUntil,
  type CodeServer,
  type CodeServerOptions,
} from './harness';
import { QUIET_SETTINGS, UI_TIMEOUT, Workbench } from './workbench';

const root = path.resolve(__dirname, '..', '..');
const webVsix = process.env.DPS_E2E_WEB_VSIX;
const codeServerBin = process.env.DPS_E2E_CODE_SERVER;
const artifacts = path.join(process.env.DPS_E2E_ARTIFACTS ?? path.join(root, 'test-artifacts', 'e2e'), 'web');
const PROFILE = 'broken-dps.mobileconfig';
// A clean Okta profile beside it, never opened: its problems and the cross-file ones need the client's file reading.
const SIBLING = 'okta-dps-psso2.mobileconfig';
const EXTENSION_ID = 'dps-profiles.dps-profiles';
const OKTA_TEAM_ID = 'B7F62B65BN';

interface CliDiagnostic {
  code: string;
  range: { start: { line: number; character: number } };
}

function cli(args: string[]): string {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'dps-profiles.js'), ...args], { encoding: 'utf8' });
  if (!r.stdout) throw new Error(`dps-profiles ${args.join(' ')} printed nothing (exit ${r.status}):\n${r.stderr}`);
  return r.stdout;
}

/** The CLI's diagnostics per file name for the folder (one deployment, as the editor groups it). */
function cliByFile(folder: string): Map<string, CliDiagnostic[]> {
  const report = JSON.parse(cli(['check', folder, '--format', 'json'])) as { files: { path: string; diagnostics: CliDiagnostic[] }[] };
  return new Map(report.files.map((f) => [path.basename(f.path), f.diagnostics]));
}

/** Processes whose command line names this path (the node server would be `node …/dist/server.js`). */
function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(needle)) found.push(`${pid}: ${cmdline}`);
    } catch {
      // gone
    }
  }
  return found;
}

const skip = !webVsix || !codeServerBin ? 'run with node scripts/e2e.mjs (DPS_E2E_WEB_VSIX and DPS_E2E_CODE_SERVER are not set)' : false;

describe('DPS Profiles in VS Code for the Web (web-worker extension host)', { timeout: 600_000, skip }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-web-e2e-'));
  const workspace = path.join(tmp, 'workspace');
  const profilePath = path.join(workspace, PROFILE);
  const userDataDir = path.join(tmp, 'user-data');
  const options: CodeServerOptions = {
    bin: codeServerBin ?? '',
    userDataDir,
    extensionsDir: path.join(tmp, 'extensions'),
    configFile: path.join(tmp, 'code-server.yaml'),
    logFile: path.join(artifacts, 'code-server.log'),
    env: {
      ...process.env,
      XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
      XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
      XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
    },
  };
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let wb: Workbench;
  let expected = new Map<string, CliDiagnostic[]>();
  let installedDir = '';
  const requested: string[] = [];
  const consoleLines: string[] = [];

  before(async () => {
    fs.rmSync(artifacts, { recursive: true, force: true });
    fs.mkdirSync(artifacts, { recursive: true });
    fs.mkdirSync(workspace, { recursive: true });
    fs.copyFileSync(path.join(root, 'test', 'e2e', 'workspace', PROFILE), profilePath);
    fs.copyFileSync(path.join(root, 'examples', SIBLING), path.join(workspace, SIBLING));
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(
      path.join(userDataDir, 'User', 'settings.json'),
      // No git extension in github.dev either; the preview's Changes since HEAD is the desktop suite's.
      JSON.stringify({ ...QUIET_SETTINGS, 'git.enabled': false, 'dpsProfiles.trace.server': 'messages' }),
    );
    expected = cliByFile(workspace);
    fs.writeFileSync(path.join(artifacts, 'install-extension.log'), installExtension(options, webVsix!));
    const installed = fs.readdirSync(options.extensionsDir).find((d) => d.startsWith(`${EXTENSION_ID}-`));
    assert.ok(installed, `the web VSIX did not install into ${options.extensionsDir}`);
    installedDir = path.join(options.extensionsDir, installed);
    const manifest = JSON.parse(fs.readFileSync(path.join(options.extensionsDir, installed, 'package.json'), 'utf8')) as { main?: string; browser?: string };
    assert.equal(manifest.main, undefined, 'the web-only variant has no node entry');
    assert.ok(manifest.browser, 'the web-only variant has a browser entry');

    server = await startCodeServer(options, workspace);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    context.on('request', (request) => requested.push(request.url()));
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('worker', (worker) => consoleLines.push(`[worker] ${worker.url()}`));
    wb = new Workbench(page, artifacts);
  });

  after(async () => {
    // The client's output channel (the server's log and the traced messages) lives in the browser: keep its text.
    await wb
      .runCommand('Output: Show Output Channels...')
      .then(async () => {
        await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'DPS Profiles' }).first().click();
        await wb.page.waitForTimeout(1000);
        fs.writeFileSync(path.join(artifacts, 'output-channel.txt'), await wb.page.locator('.output-view .view-lines').innerText());
        await wb.screenshot('output-channel');
      })
      .catch(() => undefined);
    fs.writeFileSync(path.join(artifacts, 'browser-console.log'), consoleLines.join('\n'));
    fs.writeFileSync(path.join(artifacts, 'browser-requests.log'), requested.join('\n'));
    await browser?.close().catch(() => undefined);
    await stopGroup(server?.child);
    const logs = path.join(userDataDir, 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(artifacts, 'vscode-logs'), { recursive: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the extension runs in the web worker host and the Problems panel equals the CLI', () =>
    wb.step('web-diagnostics', async () => {
      const page = wb.page;
      await page.goto(`${server!.url}/?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await wb.openFromExplorer(PROFILE);
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel').waitFor();
      const own = expected.get(PROFILE)!.map((d) => d.code);
      const sibling = expected.get(SIBLING)!.map((d) => d.code);
      assert.ok(own.includes('DPS401') && own.length >= 3, `the fixture still produces DPS401 and more; the CLI reports ${own.join(', ')}`);
      assert.ok(sibling.length > 0, 'the sibling has problems only the deployment (cross-file) check finds');
      await wb.waitForProblems(PROFILE, own);
      await wb.waitForProblems(SIBLING, sibling);
      await wb.screenshot(
        'web-diagnostics',
        process.env.DPS_E2E_UPDATE_SCREENSHOTS === '1' ? path.join(root, 'docs', 'screenshots', 'web-diagnostics.png') : undefined,
      );
      // The server answered, and no node process runs it: it is the web worker's.
      assert.deepEqual(processesMentioning(installedDir), [], 'no node process runs anything of the extension');
      const exthost = findFiles(path.join(userDataDir, 'logs'), (n) => /exthost\.log$/.test(n))
        .map((f) => fs.readFileSync(f, 'utf8'))
        .join('\n');
      assert.doesNotMatch(exthost, /_doActivateExtension dps-profiles\.dps-profiles/, 'the node extension host never activated the extension');
      fs.writeFileSync(path.join(artifacts, 'web-worker-evidence.txt'), requested.filter((u) => u.includes('/dist/web/')).join('\n'));
    }));

  test('a quick fix from the lightbulb', () =>
    wb.step('web-quick-fix', async () => {
      const page = wb.page;
      const problem = expected.get(PROFILE)!.find((d) => d.code === 'DPS401')!;
      await wb.goTo(problem.range.start.line + 1, problem.range.start.character + 3);
      await page.keyboard.press('Control+.');
      const action = page.locator('.action-widget .monaco-list-row', { hasText: `Set TeamIdentifier to ${OKTA_TEAM_ID}` });
      await action.waitFor();
      const rows = await page.locator('.action-widget .monaco-list-row.action').count();
      for (let i = 0; i <= rows && !(await action.evaluate((el) => el.classList.contains('focused'))); i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.locator('.action-widget').waitFor({ state: 'hidden' });
      await waitUntil('DPS401 to leave the Problems panel', async () => !(await wb.problemCodes(PROFILE)).includes('DPS401'), UI_TIMEOUT);
      await page.keyboard.press('Control+S');
      await page.locator(`.tabs-container .tab[aria-label*="${PROFILE}"]:not(.dirty)`).waitFor();
      await waitUntil(
        'the fix to reach the disk',
        () => new RegExp(`<key>TeamIdentifier</key>\\s*<string>${OKTA_TEAM_ID}</string>`).test(fs.readFileSync(profilePath, 'utf8')),
        UI_TIMEOUT,
      );
      await wb.waitForProblems(
        PROFILE,
        cliByFile(workspace)
          .get(PROFILE)!
          .map((d) => d.code),
      );
      await wb.screenshot('web-quick-fix');
    }));

  test('completion offers keys inside a <dict>', () =>
    wb.step('web-completion', async () => {
      const page = wb.page;
      const lines = fs.readFileSync(profilePath, 'utf8').split(/\r?\n/);
      const dictLine = lines.findIndex((l) => l.includes('<key>PlatformSSO</key>')) + 2;
      await wb.goTo(dictLine, 1);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Control+Space');
      const widget = page.locator('.editor-widget.suggest-widget.visible');
      await widget.waitFor();
      // The server's items replace "Loading..." when they come.
      let labels: string[] = [];
      await waitUntil(
        'the server to offer keys (not only the snippets)',
        async () => {
          labels = await widget.locator('.monaco-list-row .label-name').allInnerTexts();
          return labels.some((l) => !l.startsWith('dps-'));
        },
        UI_TIMEOUT,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; offered: ${labels.join(', ')}`);
      });
      await wb.screenshot('web-completion');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Z');
    }));

  test('the deployment preview shows the CLI timeline', () =>
    wb.step('web-preview', async () => {
      const page = wb.page;
      await page.keyboard.press('Control+S');
      const want = (JSON.parse(cli(['simulate', workspace, '--format', 'json'])) as { timeline: { steps: { id: string; status: string }[] } }).timeline.steps;
      await wb.runCommand('DPS: Show Deployment Preview');
      const preview: FrameLocator = page.frameLocator('iframe.webview').first().frameLocator('iframe#active-frame');
      await preview.locator('#timeline section.timeline').waitFor({ timeout: UI_TIMEOUT });
      await waitUntil(
        'the preview to show the CLI steps',
        async () => {
          const ids = await preview
            .locator('li.step')
            .evaluateAll((nodes) =>
              nodes.map(
                (n) =>
                  `${(n as unknown as { getAttribute(a: string): string }).getAttribute('data-step-id')}:${(n as unknown as { getAttribute(a: string): string }).getAttribute('data-status')}`,
              ),
            );
          return JSON.stringify(ids) === JSON.stringify(want.map((s) => `${s.id}:${s.status}`));
        },
        UI_TIMEOUT,
      );
      await wb.screenshot('web-preview');
    }));
});
