/**
 * End to end in a real VS Code workbench (code-server 1.100.3) driven by
 * Chromium: the packaged VSIX installed as a user would, a broken DPS profile
 * opened from the explorer, diagnostics, a quick fix, completion, hover and the
 * outline. Run by `node scripts/e2e.mjs`, which installs code-server, packs the
 * VSIX and sets the DPS_E2E_* variables read below.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, findFiles, installExtension, serverCapabilities, startCodeServer, stopGroup, waitUntil, type CodeServer, type CodeServerOptions } from './harness';

const root = path.resolve(__dirname, '..', '..');
const vsix = requiredEnv('DPS_E2E_VSIX');
const codeServerBin = requiredEnv('DPS_E2E_CODE_SERVER');
const artifacts = process.env.DPS_E2E_ARTIFACTS ?? path.join(root, 'test-artifacts', 'e2e');
// Screenshots for the README are refreshed only on request, so a plain run leaves the checkout clean.
const updateScreenshots = process.env.DPS_E2E_UPDATE_SCREENSHOTS === '1';
const PROFILE = 'broken-dps.mobileconfig';
const EXTENSION_ID = 'dps-profiles.dps-profiles';
const OKTA_TEAM_ID = 'B7F62B65BN';
const UI_TIMEOUT = 30_000;

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run the suite with node scripts/e2e.mjs`);
  return value;
}

interface CliDiagnostic {
  code: string;
  message: string;
  range: { start: { line: number; character: number } };
}

/** What the CLI finds in the workspace: the LSP diagnostics in VS Code must be the same. */
function cliDiagnostics(folder: string): CliDiagnostic[] {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'dps-profiles.js'), 'check', folder, '--format', 'json'], { encoding: 'utf8' });
  const report = JSON.parse(r.stdout) as { files: { path: string; diagnostics: CliDiagnostic[] }[] };
  return report.files.flatMap((f) => f.diagnostics);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-e2e-'));
const workspace = path.join(tmp, 'workspace');
const profilePath = path.join(workspace, PROFILE);
const userDataDir = path.join(tmp, 'user-data');
const options: CodeServerOptions = {
  bin: codeServerBin,
  userDataDir,
  extensionsDir: path.join(tmp, 'extensions'),
  configFile: path.join(tmp, 'code-server.yaml'),
  logFile: path.join(artifacts, 'code-server.log'),
  env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_DATA_HOME: path.join(tmp, 'xdg-data'), XDG_CACHE_HOME: path.join(tmp, 'xdg-cache') },
};

const settings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'files.autoSave': 'off',
  // Only the language server's items, ahead of contributed snippets; no pop-ups while the suite types.
  'editor.wordBasedSuggestions': 'off',
  'editor.snippetSuggestions': 'bottom',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.lightbulb.enabled': 'on',
  // Payload rows only (keys collapsed), so the outline fits its pane and every payload is rendered.
  'outline.collapseItems': 'alwaysCollapse',
  'editor.stickyScroll.enabled': false,
  // No fade-ins: screenshots show widgets fully drawn.
  'workbench.reduceMotion': 'on',
  'dpsProfiles.validate': 'onType',
  // The client's output channel then logs every request, so its log exists and server errors land in it.
  'dpsProfiles.trace.server': 'messages',
};

let server: CodeServer | undefined;
let browser: Browser | undefined;
let page: Page;
let capabilities: Record<string, unknown> = {};
let expected: CliDiagnostic[] = [];
let shot = 0;

async function screenshot(name: string, readmeName?: string): Promise<void> {
  const file = path.join(artifacts, `${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  if (readmeName && updateScreenshots) {
    fs.mkdirSync(path.join(root, 'docs', 'screenshots'), { recursive: true });
    fs.copyFileSync(file, path.join(root, 'docs', 'screenshots', readmeName));
  }
}

/** Save the DOM next to a failure so CI leaves something to read. */
async function onFailure<T>(name: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (browser) {
      await page.screenshot({ path: path.join(artifacts, `failed-${name}.png`) }).catch(() => undefined);
      fs.writeFileSync(path.join(artifacts, `failed-${name}.html`), await page.content().catch(() => ''));
    }
    throw error;
  }
}

function extensionHostLogs(): string[] {
  return findFiles(path.join(userDataDir, 'logs'), (n) => /exthost\.log$/.test(n));
}

function outputChannelLog(): string {
  const files = findFiles(path.join(userDataDir, 'logs'), (n) => /DPS Profiles.*\.log$/.test(n));
  return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

const editor = (): Locator => page.locator('.editor-instance .monaco-editor').first();
const problemRows = (): Locator => page.locator('.markers-panel .monaco-list-row');

/** The DPS codes currently listed in the Problems panel. */
async function problemCodes(): Promise<string[]> {
  const texts = await problemRows().allInnerTexts();
  return texts.flatMap((t) => t.match(/DPS\d{3}/g) ?? []).sort();
}

async function goTo(line: number, column: number): Promise<void> {
  await editor().click({ position: { x: 200, y: 10 } });
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  // The status bar shows the cursor once it has moved there (its Col counts tabs as tab stops, so only Ln).
  await page.locator('.statusbar-item[id="status.editor.selection"]', { hasText: `Ln ${line},` }).waitFor({ timeout: UI_TIMEOUT });
}

async function runCommand(title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const item = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await item.waitFor({ timeout: UI_TIMEOUT });
  await item.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

async function save(): Promise<void> {
  const before = fs.readFileSync(profilePath, 'utf8');
  await page.keyboard.press('Control+S');
  await waitUntil(`${PROFILE} to be saved`, () => fs.readFileSync(profilePath, 'utf8') !== before, UI_TIMEOUT);
}

/** 1-based line of the first line containing the text, in the file as saved. */
function lineOf(needle: string): number {
  const index = fs.readFileSync(profilePath, 'utf8').split(/\r?\n/).findIndex((l) => l.includes(needle));
  assert.ok(index >= 0, `"${needle}" not found in ${PROFILE}`);
  return index + 1;
}

function skipUnlessAdvertised(t: TestContext, capability: string): boolean {
  if (capabilities[capability]) return false;
  t.skip(`the language server does not advertise ${capability} yet`);
  return true;
}

/** Stop what the suite started (by id) and keep VS Code's logs as artifacts. */
async function cleanUp(): Promise<void> {
  await browser?.close().catch(() => undefined);
  browser = undefined;
  await stopGroup(server?.child);
  const logs = path.join(userDataDir, 'logs');
  if (fs.existsSync(logs)) fs.cpSync(logs, path.join(artifacts, 'vscode-logs'), { recursive: true });
  fs.rmSync(tmp, { recursive: true, force: true });
}

// scripts/e2e.mjs sends SIGTERM when the suite overruns; after hooks would not run then.
process.once('SIGTERM', () => {
  void cleanUp().finally(() => process.exit(1));
});

describe('DPS Profiles in a real VS Code (code-server)', { timeout: 600_000 }, () => {
  before(async () => {
    fs.rmSync(artifacts, { recursive: true, force: true });
    fs.mkdirSync(artifacts, { recursive: true });
    fs.cpSync(path.join(root, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    expected = cliDiagnostics(workspace);

    const installLog = installExtension(options, vsix);
    fs.writeFileSync(path.join(artifacts, 'install-extension.log'), installLog);
    const installed = fs.readdirSync(options.extensionsDir).find((d) => d.startsWith(`${EXTENSION_ID}-`));
    assert.ok(installed, `the VSIX did not install into ${options.extensionsDir}`);
    capabilities = await serverCapabilities(path.join(options.extensionsDir, installed, 'dist', 'server.js'));
    fs.writeFileSync(path.join(artifacts, 'server-capabilities.json'), JSON.stringify(capabilities, null, 2));

    server = await startCodeServer(options, workspace);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
  });

  after(cleanUp);

  test('the workbench loads and the extension activates', () =>
    onFailure('workbench', async () => {
      await page.goto(`${server!.url}/?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator(`.explorer-folders-view .monaco-list-row[aria-label*="${PROFILE}"]`).waitFor({ timeout: 60_000 });
      // workspaceContains:**/*.mobileconfig activates it at startup; the host log records the activation.
      // Activation has run through once the client starts the server (the traced initialize request).
      const failed = new RegExp(`Activating extension '?${EXTENSION_ID.replace('.', '\\.')}'? failed.*(\\n.*){0,3}`);
      await waitUntil('dps-profiles to activate and start its language server', () => {
        const hostLog = extensionHostLogs().map((f) => fs.readFileSync(f, 'utf8')).join('\n');
        const failure = failed.exec(hostLog);
        if (failure) throw new Error(`activation failed:\n${failure[0]}`);
        return /Sending request 'initialize/.test(outputChannelLog());
      }, 60_000);
      await screenshot('workbench');
    }));

  test('the broken profile opens from the explorer', () =>
    onFailure('open', async () => {
      await page.locator(`.explorer-folders-view .monaco-list-row[aria-label*="${PROFILE}"]`).click();
      await page.locator(`.tabs-container .tab[aria-label*="${PROFILE}"]`).waitFor();
      await editor().locator('.view-lines').waitFor();
      // The language mode shows the grammar and language from the VSIX are in use.
      await page.locator('.statusbar-item[id="status.editor.mode"]', { hasText: /Apple Configuration Profile|mobileconfig/ }).waitFor();
    }));

  test('the Problems panel lists what the CLI finds', () =>
    onFailure('diagnostics', async () => {
      const want = [...new Set(expected.map((d) => d.code))].sort();
      for (const code of ['DPS401', 'DPS403', 'DPS303']) assert.ok(want.includes(code), `the fixture no longer produces ${code}; the CLI reports ${want.join(', ')}`);
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel').waitFor();
      await waitUntil(`Problems to list ${want.join(', ')}`, async () => {
        const codes = [...new Set(await problemCodes())].sort();
        return JSON.stringify(codes) === JSON.stringify(want);
      }, UI_TIMEOUT).catch(async (error: Error) => {
        throw new Error(`${error.message}; the panel shows ${(await problemCodes()).join(', ') || 'nothing'}`);
      });
      assert.equal((await problemCodes()).length, expected.length, 'one row per diagnostic');
      await screenshot('diagnostics', 'diagnostics.png');
    }));

  test('hovering a problem shows its message', () =>
    onFailure('diagnostic-hover', async () => {
      const problem = expected.find((d) => d.code === 'DPS303')!;
      await goTo(problem.range.start.line + 1, problem.range.start.character + 2);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)', { hasText: 'DPS303' });
      await hover.waitFor();
      assert.match(await hover.innerText(), /boolean/);
      await screenshot('diagnostic-hover', capabilities.hoverProvider ? undefined : 'hover.png');
      await page.keyboard.press('Escape');
    }));

  test(`the lightbulb quick fix sets TeamIdentifier to ${OKTA_TEAM_ID}`, () =>
    onFailure('quick-fix', async () => {
      const problem = expected.find((d) => d.code === 'DPS401')!;
      await goTo(problem.range.start.line + 1, problem.range.start.character + 3);
      await page.locator('.monaco-editor .lightBulbWidget, .monaco-editor .codicon-light-bulb, .monaco-editor .codicon-lightbulb-autofix').first().waitFor();
      await page.keyboard.press('Control+.');
      const action = page.locator('.action-widget .monaco-list-row', { hasText: `Set TeamIdentifier to ${OKTA_TEAM_ID}` });
      await action.waitFor();
      await screenshot('quick-fix', 'quick-fix.png');
      // The menu sits under a pointer block; choose with the keyboard as a user would.
      const rows = await page.locator('.action-widget .monaco-list-row.action').count();
      for (let i = 0; i <= rows && !(await action.evaluate((el) => el.classList.contains('focused'))); i++) await page.keyboard.press('ArrowDown');
      assert.ok(await action.evaluate((el) => el.classList.contains('focused')), 'the fix could not be selected in the menu');
      await page.keyboard.press('Enter');
      await page.locator('.action-widget').waitFor({ state: 'hidden' });
      await waitUntil('DPS401 to leave the Problems panel', async () => !(await problemCodes()).includes('DPS401'), UI_TIMEOUT);
      const others = expected.filter((d) => d.code !== 'DPS401').map((d) => d.code).sort();
      assert.deepEqual(await problemCodes(), others, 'the fix removes DPS401 and nothing else');
      await save();
      assert.match(fs.readFileSync(profilePath, 'utf8'), new RegExp(`<key>TeamIdentifier</key>\\s*<string>${OKTA_TEAM_ID}</string>`));
      await screenshot('quick-fix-applied');
    }));

  test('completion inside a <dict> inserts a key', (t) =>
    onFailure('completion', async () => {
      if (skipUnlessAdvertised(t, 'completionProvider')) return;
      const dictLine = lineOf('<key>PlatformSSO</key>') + 1;
      const before = fs.readFileSync(profilePath, 'utf8');
      await goTo(dictLine, 1);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Control+Space');
      const widget = page.locator('.editor-widget.suggest-widget.visible');
      await widget.waitFor();
      const rows = widget.locator('.monaco-list-row');
      await rows.first().waitFor().catch(async () => {
        throw new Error(`no completion items (widget says "${await widget.innerText()}")`);
      });
      await screenshot('completion', 'completion.png');
      const label = (await widget.locator('.monaco-list-row.focused .label-name').first().innerText()).trim();
      await page.keyboard.press('Enter');
      await widget.waitFor({ state: 'hidden' });
      await page.keyboard.press('Escape'); // leave snippet mode, if the item had tab stops
      await save();
      const after = fs.readFileSync(profilePath, 'utf8');
      assert.ok(after.length > before.length, 'accepting the item inserted text');
      const keyName = label.replace(/^<key>|<\/key>$/g, '');
      assert.ok(after.includes(/^[\w.-]+$/.test(keyName) ? `<key>${keyName}</key>` : keyName), `the inserted text contains "${label}"`);
      await screenshot('completion-accepted');
    }));

  test('hovering a key explains it', (t) =>
    onFailure('hover', async () => {
      if (skipUnlessAdvertised(t, 'hoverProvider')) return;
      const line = lineOf('<key>TeamIdentifier</key>');
      const column = fs.readFileSync(profilePath, 'utf8').split(/\r?\n/)[line - 1].indexOf('TeamIdentifier') + 3;
      await goTo(line, column);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden) .hover-contents').first();
      await hover.waitFor();
      assert.match(await hover.innerText(), /\S{3,}/);
      await screenshot('hover', 'hover.png');
      await page.keyboard.press('Escape');
    }));

  test('the outline lists the payloads', (t) =>
    onFailure('outline', async () => {
      if (skipUnlessAdvertised(t, 'documentSymbolProvider')) return;
      await editor().click({ position: { x: 200, y: 10 } });
      await runCommand('Focus on Outline View');
      const outline = page.locator('.pane:has(.pane-header[aria-label*="Outline"]) .monaco-list-row');
      await outline.first().waitFor();
      // The profile is the root; open it one level to show its payloads.
      const profileRow = outline.first();
      if ((await profileRow.getAttribute('aria-expanded')) === 'false') await profileRow.locator('.monaco-tl-twistie').click();
      const names = ['Okta Platform SSO extension', 'Okta Verify associated domains', 'Okta Verify SSO extension settings'];
      await waitUntil('the outline to list every payload', async () => {
        const text = (await outline.allInnerTexts()).join('\n');
        return names.every((n) => text.includes(n));
      }, UI_TIMEOUT).catch(async (error: Error) => {
        throw new Error(`${error.message}; it shows:\n${(await outline.allInnerTexts()).join('\n')}`);
      });
      await screenshot('outline', 'outline.png');
    }));

  test('the extension host logged no activation or server errors', () => {
    const hostLog = extensionHostLogs().map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    assert.ok(hostLog.length > 0, 'no extension host log found');
    const ours = hostLog.split('\n').filter((l) => /\[error\]/i.test(l) && /dps-profiles|DPS Profiles/i.test(l));
    assert.deepEqual(ours, [], 'errors from dps-profiles in the extension host log');
    assert.doesNotMatch(hostLog, new RegExp(`Activating extension '?${EXTENSION_ID.replace('.', '\\.')}'? failed`));
    const channel = outputChannelLog();
    assert.match(channel, /Sending request 'initialize/, 'the DPS Profiles output channel log is missing');
    const serverErrors = channel.split('\n').filter((l) => /\[Error|failed/i.test(l));
    assert.deepEqual(serverErrors, [], 'errors in the DPS Profiles output channel');
  });
});
