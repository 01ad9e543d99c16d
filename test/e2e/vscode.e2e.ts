/**
 * End to end in a real VS Code workbench (code-server 1.100.3) driven by
 * Chromium: the packaged VSIX installed as a user would, a broken DPS profile
 * opened from the explorer, diagnostics, a quick fix, completion, hover, the
 * outline, the deployment preview webview, and the read-only view of a signed
 * profile. Run by `node scripts/e2e.mjs`,
 * which installs code-server, packs the VSIX and sets the DPS_E2E_* variables
 * read below.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { chromium, type Browser, type Frame, type FrameLocator, type Locator, type Page, type Request } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  findFiles,
  installExtension,
  serverCapabilities,
  startCodeServer,
  stopGroup,
  waitUntil,
  type CodeServer,
  type CodeServerOptions,
} from './harness';
import { problemCodesIn, QUIET_SETTINGS } from './workbench';
import { hasOpenssl, makeSigner, signProfile, tamper } from '../signed/openssl';
import { cellText } from '../../server/src/core/plan/format';
import type { Plan } from '../../server/src/core/plan/types';

const root = path.resolve(__dirname, '..', '..');
const vsix = requiredEnv('DPS_E2E_VSIX');
const codeServerBin = requiredEnv('DPS_E2E_CODE_SERVER');
const artifacts = process.env.DPS_E2E_ARTIFACTS ?? path.join(root, 'test-artifacts', 'e2e');
// Screenshots for the README are refreshed only on request, so a plain run leaves the checkout clean.
const updateScreenshots = process.env.DPS_E2E_UPDATE_SCREENSHOTS === '1';
const PROFILE = 'broken-dps.mobileconfig';
const EXTENSION_ID = 'dps-profiles.dps-profiles';
const OKTA_TEAM_ID = 'B7F62B65BN';
const PREVIEW_COMMAND = 'DPS: Show Deployment Preview';
const PREVIEW_TAB = 'Deployment Preview';
// TEST-NET-1 (never routed): the webview's CSP must stop this before any request is made.
const CSP_PROBE_URL = 'http://192.0.2.1/dps-e2e-csp-probe.png';
const UI_TIMEOUT = 30_000;
// A signed profile, signed at start with a throwaway certificate; alone in its folder (its own deployment).
const SIGNED_DIR = 'signed';
const TYPED_DIR = 'typed';
const TYPED_PROFILE = 'new-psso2.mobileconfig';
const SIGNED_PROFILE = 'okta-dps-signed.mobileconfig';
const SIGNED_SOURCE = path.join(root, 'test', 'e2e', 'signed-profile.source.xml');
const SIGNED_PAYLOADS = ['Signed Platform SSO extension', 'Signed associated domains', 'Signed Okta Verify settings'];
const SIGNED_NOTICE = `${SIGNED_PROFILE} is a signed profile`;
const skipWithoutOpenssl = hasOpenssl ? false : 'openssl is not installed (apt-get install -y openssl), so no signed profile can be made';

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

/** What the CLI finds for one file when checking `target` (the file, or the folder it is in): VS Code must show the same. */
function cliDiagnostics(target: string, file: string): CliDiagnostic[] {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'dps-profiles.js'), 'check', target, '--format', 'json'], { encoding: 'utf8' });
  let report: { files: { path: string; diagnostics: CliDiagnostic[] }[] };
  try {
    report = JSON.parse(r.stdout) as typeof report;
  } catch {
    throw new Error(`dps-profiles check gave no JSON (exit ${r.status}):\n${r.stderr}`);
  }
  const entry = report.files.find((f) => path.resolve(f.path) === path.resolve(file));
  assert.ok(entry, `dps-profiles check ${target} does not report ${file}; it reports ${report.files.map((f) => f.path).join(', ')}`);
  return entry.diagnostics;
}

interface CliStep {
  id: string;
  title: string;
  status: 'ok' | 'warning' | 'fails' | 'skipped';
  drivers: { keyPath?: string; cause?: true; range?: { start: { line: number; character: number }; end: { line: number; character: number } } }[];
}
interface CliTimeline {
  macOS: string;
  steps: CliStep[];
}

/** What `dps-profiles simulate` says for the file: the preview in VS Code must show the same steps. */
function cliTimeline(file: string, macOS?: string): CliTimeline {
  const args = [path.join(root, 'bin', 'dps-profiles.js'), 'simulate', file, '--format', 'json', ...(macOS ? ['--macos', macOS] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  try {
    return (JSON.parse(r.stdout) as { timeline: CliTimeline }).timeline;
  } catch {
    throw new Error(`dps-profiles simulate gave no JSON (exit ${r.status}):\n${r.stderr}`);
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-e2e-'));
const workspace = path.join(tmp, 'workspace');
const profilePath = path.join(workspace, PROFILE);
const signedPath = path.join(workspace, SIGNED_DIR, SIGNED_PROFILE);
const userDataDir = path.join(tmp, 'user-data');
const options: CodeServerOptions = {
  bin: codeServerBin,
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

const settings = {
  ...QUIET_SETTINGS,
  // The preview's "Changes since HEAD" reads HEAD through the built-in git extension; the workspace is a repository.
  'git.enabled': true,
  'git.autoRepositoryDetection': true,
  'git.openRepositoryInParentFolders': 'never',
  // Payload rows only (keys collapsed), so the outline fits its pane and every payload is rendered.
  'outline.collapseItems': 'alwaysCollapse',
  'editor.stickyScroll.enabled': false,
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
/** Everything the browser logged or fetched, from every frame (webviews included); kept as artifacts. */
const consoleMessages: { type: string; text: string; url: string }[] = [];
const requests: { url: string; frame: string; failure?: string; status?: number }[] = [];

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

/** The DPS codes the Problems panel lists under a file. */
function problemCodes(file = PROFILE): Promise<string[]> {
  return problemCodesIn(page, file);
}

/** Wait until the Problems panel lists exactly these codes under the file. */
async function waitForProblems(file: string, want: string[]): Promise<void> {
  const sorted = [...want].sort();
  await waitUntil(`Problems to list ${sorted.join(', ')} for ${file}`, async () => isDeepStrictEqual(await problemCodes(file), sorted), UI_TIMEOUT).catch(
    async (error: Error) => {
      throw new Error(`${error.message}; the panel shows ${(await problemCodes(file)).join(', ') || 'nothing'} for it`);
    },
  );
}

/** Open the outline of the active editor and wait for it to list these names below its root. */
async function waitForOutline(names: string[]): Promise<void> {
  await runCommand('Focus on Outline View');
  const outline = page.locator('.pane:has(.pane-header[aria-label*="Outline"]) .monaco-list-row');
  await outline.first().waitFor();
  // The profile is the root; open it one level to show its payloads.
  const profileRow = outline.first();
  if ((await profileRow.getAttribute('aria-expanded')) === 'false') await profileRow.locator('.monaco-tl-twistie').click();
  await waitUntil(
    'the outline to list every payload',
    async () => {
      const text = (await outline.allInnerTexts()).join('\n');
      return names.every((n) => text.includes(n));
    },
    UI_TIMEOUT,
  ).catch(async (error: Error) => {
    throw new Error(`${error.message}; it shows:\n${(await outline.allInnerTexts()).join('\n')}`);
  });
}

/** The preview's own document: code-server nests it in iframe.webview → iframe#active-frame. */
const preview = (): FrameLocator => page.frameLocator('iframe.webview').first().frameLocator('iframe#active-frame');

interface ShownTimeline {
  macOS: string | null;
  steps: { id: string; title: string; status: string }[];
}

/** The few DOM members read in the webview (the project compiles without the DOM library). */
interface DomElement {
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  textContent: string | null;
  outerHTML: string;
}
interface WebviewGlobals {
  document: DomElement;
  performance: { getEntriesByType(type: string): { name: string }[] };
  Image: new () => { src: string };
}

/** The timeline the webview shows, read in one go so a swap of its HTML cannot tear it. */
async function shownTimeline(): Promise<ShownTimeline> {
  return preview()
    .locator('#timeline')
    .evaluate((node) => {
      const el = node as unknown as DomElement;
      return {
        macOS: el.querySelector('section.timeline')?.getAttribute('data-macos') ?? null,
        steps: Array.from(el.querySelectorAll('li.step')).map((li) => ({
          id: li.getAttribute('data-step-id') ?? '',
          title: li.querySelector('.step-title')?.textContent ?? '',
          status: li.getAttribute('data-status') ?? '',
        })),
      };
    });
}

function shownForm(t: CliTimeline): ShownTimeline {
  return { macOS: t.macOS, steps: t.steps.map(({ id, title, status }) => ({ id, title, status })) };
}

async function waitForTimeline(want: CliTimeline, what: string): Promise<void> {
  let shown: ShownTimeline | undefined;
  try {
    await waitUntil(what, async () => isDeepStrictEqual((shown = await shownTimeline()), shownForm(want)), UI_TIMEOUT);
  } catch (error) {
    assert.deepEqual(shown, shownForm(want), (error as Error).message);
  }
}

/** The Frame behind preview(), for evaluating in the webview's document. */
async function previewFrame(): Promise<Frame> {
  const host = await (await page.locator('iframe.webview').first().elementHandle())?.contentFrame();
  const inner = await (await host?.locator('iframe#active-frame').elementHandle())?.contentFrame();
  assert.ok(inner, 'the webview has no active frame');
  return inner;
}

function isWebviewFrame(url: string): boolean {
  return url.includes('/webview/browser/pre/');
}

const isCspViolation = (text: string): boolean => /Content[- ]Security[- ]Policy|Refused to (load|execute|apply|connect|frame)/i.test(text);

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
  // The tab is clean once the write is done; the file is truncated first, so an empty read means "not yet".
  await page.locator(`.tabs-container .tab[aria-label*="${PROFILE}"]:not(.dirty)`).waitFor();
  await waitUntil(
    `${PROFILE} to be saved`,
    () => {
      const now = fs.readFileSync(profilePath, 'utf8');
      return now !== before && now.length > 0;
    },
    UI_TIMEOUT,
  );
}

/** 1-based line of the first line containing the text, in the file as saved. */
function lineOf(needle: string, file = profilePath): number {
  const index = fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .findIndex((l) => l.includes(needle));
  assert.ok(index >= 0, `"${needle}" not found in ${path.basename(file)}`);
  return index + 1;
}

/** The signed profile under test, made with a throwaway self-signed certificate kept outside the workspace. */
function makeSignedProfile(): void {
  const signer = makeSigner(tmp, 'DPS e2e Signer');
  fs.mkdirSync(path.dirname(signedPath), { recursive: true });
  fs.writeFileSync(signedPath, signProfile(tmp, SIGNED_SOURCE, signer));
}

/** The workspace as a git repository with one commit: HEAD for the preview's "Changes since HEAD". */
function commitWorkspace(): void {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'e2e',
    GIT_AUTHOR_EMAIL: 'e2e@example.com',
    GIT_COMMITTER_NAME: 'e2e',
    GIT_COMMITTER_EMAIL: 'e2e@example.com',
  };
  for (const args of [
    ['init', '-q'],
    ['add', '.'],
    ['commit', '-q', '-m', 'profiles as deployed'],
  ]) {
    const r = spawnSync('git', args, { cwd: workspace, env, encoding: 'utf8' });
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  }
}

/** What \`dps-profiles plan\` says for the file against HEAD: the preview's "Changes since HEAD" must show the same. */
function cliPlan(file: string): Plan {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'dps-profiles.js'), 'plan', path.basename(file), '--format', 'json'], {
    cwd: path.dirname(file),
    encoding: 'utf8',
  });
  try {
    return JSON.parse(r.stdout) as Plan;
  } catch {
    throw new Error(`dps-profiles plan gave no JSON (exit ${r.status}):\n${r.stderr}`);
  }
}

/** The fleet table of the "Changes since HEAD" section, cell by cell ("14.0 psso2" → "sync lost"). */
async function shownFleet(): Promise<Record<string, string>> {
  const frame = await previewFrame();
  return frame.evaluate(() => {
    const out: Record<string, string> = {};
    const doc = (
      globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null; textContent: string | null }> } }
    ).document;
    const cells = doc.querySelectorAll('#changes-since-head td[data-macos]');
    for (let i = 0; i < cells.length; i++)
      out[`${cells[i].getAttribute('data-macos')} ${cells[i].getAttribute('data-state')}`] = (cells[i].textContent ?? '').trim();
    return out;
  });
}

function skipUnlessAdvertised(t: TestContext, capability: string): boolean {
  if (capabilities[capability]) return false;
  t.skip(`the language server does not advertise ${capability} yet`);
  return true;
}

/** Stop what the suite started (by id) and keep VS Code's logs as artifacts. */
async function cleanUp(): Promise<void> {
  fs.writeFileSync(path.join(artifacts, 'browser-console.log'), consoleMessages.map((m) => `[${m.type}] ${m.text} (${m.url})`).join('\n'));
  fs.writeFileSync(
    path.join(artifacts, 'browser-requests.log'),
    requests.map((r) => `${r.status ?? r.failure ?? 'pending'} ${r.url} (frame ${r.frame})`).join('\n'),
  );
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
    if (hasOpenssl) makeSignedProfile();
    commitWorkspace();
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    expected = cliDiagnostics(workspace, profilePath);

    const installLog = installExtension(options, vsix);
    fs.writeFileSync(path.join(artifacts, 'install-extension.log'), installLog);
    const installed = fs.readdirSync(options.extensionsDir).find((d) => d.startsWith(`${EXTENSION_ID}-`));
    assert.ok(installed, `the VSIX did not install into ${options.extensionsDir}`);
    capabilities = await serverCapabilities(path.join(options.extensionsDir, installed, 'dist', 'server.js'));
    fs.writeFileSync(path.join(artifacts, 'server-capabilities.json'), JSON.stringify(capabilities, null, 2));

    server = await startCodeServer(options, workspace);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const entries = new WeakMap<Request, (typeof requests)[number]>();
    context.on('request', (request) => {
      let frame = 'service worker';
      try {
        frame = request.frame().url();
      } catch {
        // Service worker requests have no frame.
      }
      const entry = { url: request.url(), frame };
      requests.push(entry);
      entries.set(request, entry);
    });
    // A request the CSP blocks is still reported (then failed); keep how each one ended.
    context.on('requestfailed', (request) => Object.assign(entries.get(request) ?? {}, { failure: request.failure()?.errorText ?? 'failed' }));
    context.on('response', (response) => Object.assign(entries.get(response.request()) ?? {}, { status: response.status() }));
    page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    page.on('console', (m) => consoleMessages.push({ type: m.type(), text: m.text(), url: m.location().url }));
    page.on('pageerror', (e) => consoleMessages.push({ type: 'pageerror', text: String(e), url: '' }));
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
      await waitUntil(
        'dps-profiles to activate and start its language server',
        () => {
          const hostLog = extensionHostLogs()
            .map((f) => fs.readFileSync(f, 'utf8'))
            .join('\n');
          const failure = failed.exec(hostLog);
          if (failure) throw new Error(`activation failed:\n${failure[0]}`);
          return /Sending request 'initialize/.test(outputChannelLog());
        },
        60_000,
      );
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
      for (const code of ['DPS401', 'DPS403', 'DPS303'])
        assert.ok(want.includes(code), `the fixture no longer produces ${code}; the CLI reports ${want.join(', ')}`);
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel').waitFor();
      await waitUntil(
        `Problems to list ${want.join(', ')}`,
        async () => {
          const codes = [...new Set(await problemCodes())].sort();
          return JSON.stringify(codes) === JSON.stringify(want);
        },
        UI_TIMEOUT,
      ).catch(async (error: Error) => {
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
      const others = expected
        .filter((d) => d.code !== 'DPS401')
        .map((d) => d.code)
        .sort();
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
      await rows
        .first()
        .waitFor()
        .catch(async () => {
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
      await waitForOutline(['Okta Platform SSO extension', 'Okta Verify associated domains', 'Okta Verify SSO extension settings']);
      await screenshot('outline', 'outline.png');
    }));

  let previewExpected: CliTimeline;

  test(`${PREVIEW_COMMAND} opens the preview beside the editor`, () =>
    onFailure('preview-open', async () => {
      // Room for editor and preview side by side, as in the README's screenshot.
      await runCommand('View: Hide Panel');
      await page.locator('.part.panel').waitFor({ state: 'hidden' });
      await runCommand('View: Close Primary Side Bar');
      await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
      await page.locator(`.tabs-container .tab[aria-label*="${PROFILE}"]`).click();
      await editor().click({ position: { x: 200, y: 10 } });
      // The palette the way a user runs it: F1, the title, Enter.
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${PREVIEW_COMMAND}`);
      await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: PREVIEW_COMMAND }).waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });

      const previewGroup = page.locator('.editor-group-container', { has: page.locator('.tab', { hasText: PREVIEW_TAB }) });
      const profileGroup = page.locator('.editor-group-container', { has: page.locator(`.tab[aria-label*="${PROFILE}"]`) });
      await previewGroup.waitFor();
      await preview().locator('#subject', { hasText: PROFILE }).waitFor();
      await preview().locator('#timeline section.timeline').waitFor();
      const [profileBox, previewBox, webviewBox] = await Promise.all([
        profileGroup.boundingBox(),
        previewGroup.boundingBox(),
        page.locator('iframe.webview').first().boundingBox(),
      ]);
      assert.ok(profileBox && previewBox && webviewBox, 'the editor groups and the webview are laid out');
      assert.ok(
        previewBox.x >= profileBox.x + profileBox.width - 2,
        `the preview group (x ${previewBox.x}) is beside the profile's (x ${profileBox.x}, width ${profileBox.width})`,
      );
      assert.ok(webviewBox.x >= previewBox.x - 2 && webviewBox.width > 200, 'the webview is drawn in the preview group');
    }));

  test('the preview shows the steps the CLI simulates', () =>
    onFailure('preview-steps', async () => {
      previewExpected = cliTimeline(profilePath);
      const failing = previewExpected.steps.filter((s) => s.status === 'fails');
      assert.ok(failing.length > 0, `the fixture no longer fails a step: ${previewExpected.steps.map((s) => `${s.id} ${s.status}`).join(', ')}`);
      await waitForTimeline(previewExpected, `the preview to show the ${previewExpected.steps.length} steps of the CLI on macOS ${previewExpected.macOS}`);
      for (const step of failing) {
        const row = preview().locator(`li.step[data-step-id="${step.id}"]`);
        await row.locator('.step-title', { hasText: step.title }).waitFor({ state: 'visible' });
        assert.match(await row.locator('.badge').innerText(), /Fails/);
      }
      // The form shows the scenario the timeline was simulated for.
      assert.equal(await preview().locator('select[name="macOS"]').inputValue(), previewExpected.macOS);
      await screenshot('preview');
    }));

  test('changing the scenario in the preview updates the timeline', () =>
    onFailure('preview-scenario', async () => {
      const other = previewExpected.macOS.startsWith('13') ? '14.0' : '13.0';
      const changed = cliTimeline(profilePath, other);
      const moved = changed.steps.filter((s) => previewExpected.steps.find((p) => p.id === s.id)?.status !== s.status);
      assert.ok(moved.length > 0, `no step changes status between macOS ${previewExpected.macOS} and ${other}`);
      await preview().locator('select[name="macOS"]').selectOption(other);
      await waitForTimeline(changed, `the preview to show macOS ${other} (${moved.map((s) => `${s.id} → ${s.status}`).join(', ')})`);
      await screenshot('preview-scenario');
      // Back to the deployment's own target for the next steps.
      await preview().locator('select[name="macOS"]').selectOption(previewExpected.macOS);
      await waitForTimeline(previewExpected, `the preview to show macOS ${previewExpected.macOS} again`);
    }));

  test('a key link in the preview selects the key in the editor', () =>
    onFailure('preview-reveal', async () => {
      const isOneLineCause = (d: CliStep['drivers'][number]) =>
        d.cause && d.keyPath && d.range && d.range.start.line === d.range.end.line && d.range.start.line > 0;
      const step = previewExpected.steps.find((s) => s.status === 'fails' && s.drivers.some(isOneLineCause));
      assert.ok(step, 'no failing step names a key');
      const range = step.drivers.find(isOneLineCause)!.range!;
      const text = fs.readFileSync(profilePath, 'utf8').split(/\r?\n/)[range.start.line].slice(range.start.character, range.end.character);
      assert.match(text, /\S/, 'the driver points at text in the file');
      // Start on another line, so the status bar has to change.
      await goTo(1, 1);
      const link = preview().locator(`li.step[data-step-id="${step.id}"] a.driver[data-line="${range.start.line}"][data-character="${range.start.character}"]`);
      await link.scrollIntoViewIfNeeded();
      const scrollY = (): Promise<number> => previewFrame().then((f) => f.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY));
      const scrolledTo = await scrollY();
      await link.click();
      await page
        .locator('.statusbar-item[id="status.editor.selection"]', { hasText: `Ln ${range.end.line + 1},` })
        .filter({ hasText: `(${text.length} selected)` })
        .waitFor()
        .catch(async (error: Error) => {
          throw new Error(
            `${error.message}; the status bar shows "${await page
              .locator('.statusbar-item[id="status.editor.selection"]')
              .innerText()
              .catch(() => 'nothing')}", want Ln ${range.end.line + 1} with "${text}" selected`,
          );
        });
      // The preview stays where it was, with the clicked step in view.
      assert.equal(await scrollY(), scrolledTo, 'the preview kept its scroll position');
      await screenshot('preview-webview', 'preview-webview.png');
    }));

  test('the preview loads nothing remote and breaks no CSP rule', () =>
    onFailure('preview-csp', async () => {
      const origin = new URL(server!.url).origin;
      const fromWebview = requests.filter((r) => isWebviewFrame(r.frame) || isWebviewFrame(r.url));
      assert.ok(fromWebview.length > 0, 'no request of the webview was seen, so this check would prove nothing');
      // '' is a frame not yet navigated (the webview's inner frame asks for fake.html that way).
      const remote = requests.filter(
        (r) => (isWebviewFrame(r.frame) || r.frame === '' || r.frame === 'service worker') && !r.url.startsWith(`${origin}/`) && !/^(data|blob):/.test(r.url),
      );
      assert.deepEqual(remote, [], `the webview fetched from outside ${origin}`);
      const frame = await previewFrame();
      const loaded = await frame.evaluate(() => {
        const { document, performance } = globalThis as unknown as WebviewGlobals;
        return {
          resources: performance.getEntriesByType('resource').map((e) => e.name),
          elements: Array.from(document.querySelectorAll('img, link, iframe, object, embed, video, audio, source, script[src]')).map((e) =>
            e.outerHTML.slice(0, 120),
          ),
        };
      });
      assert.deepEqual(loaded, { resources: [], elements: [] }, 'the preview document loads no resources');
      const violations = consoleMessages.filter((m) => isCspViolation(m.text));
      assert.deepEqual(violations, [], 'CSP violations in the browser console');
      const hostLog = extensionHostLogs()
        .map((f) => fs.readFileSync(f, 'utf8'))
        .join('\n');
      assert.deepEqual(hostLog.split('\n').filter(isCspViolation), [], 'CSP messages in the extension host log');
      // The same console does report a violation in the webview: an image from outside is refused, unfetched.
      await frame.evaluate((src) => {
        new (globalThis as unknown as WebviewGlobals).Image().src = src;
      }, CSP_PROBE_URL);
      await waitUntil(
        'the console to report the probe image as a CSP violation',
        () => consoleMessages.some((m) => isCspViolation(m.text) && m.text.includes(CSP_PROBE_URL)),
        UI_TIMEOUT,
      );
      const probe = await waitUntil('the probe request to end', () => requests.find((r) => r.url === CSP_PROBE_URL && (r.failure || r.status)), UI_TIMEOUT);
      assert.ok(probe.status === undefined && /csp/i.test(probe.failure ?? ''), `the CSP blocked the probe (it ended with ${probe.status ?? probe.failure})`);
    }));

  let signedExpected: CliDiagnostic[] = [];

  test('the preview shows the changes since HEAD, updated as the user types, as the CLI plans them', () =>
    onFailure('preview-changes', async () => {
      const section = preview().locator('#changes-since-head');
      // The git extension found the repository and the server planned the file against HEAD.
      await section.locator('section.plan').waitFor({ timeout: 60_000 });
      // Lines are found on disk: save what an earlier step may have left unsaved, so editor and file agree.
      const tab = page.locator(`.tabs-container .tab[aria-label*="${PROFILE}"]`);
      if (await tab.evaluate((el) => el.classList.contains('dirty'))) {
        await tab.click();
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+S');
        await page.locator(`.tabs-container .tab[aria-label*="${PROFILE}"]:not(.dirty)`).waitFor();
      }
      // Type one letter into OktaVerify.OrgUrl: the Okta Verify settings now name another org (DPS430).
      const lines = fs.readFileSync(profilePath, 'utf8').split(/\r?\n/);
      const keyLine = lines.findIndex((l) => l.includes('<key>OktaVerify.OrgUrl</key>'));
      assert.ok(keyLine > 0, 'the fixture has an OktaVerify.OrgUrl');
      const column = lines[keyLine + 1].indexOf('example.okta.com');
      await goTo(keyLine + 2, column + 1);
      await page.keyboard.type('x');
      await section.locator('li[data-problem="introduced"]', { hasText: 'DPS430' }).waitFor({ timeout: UI_TIMEOUT });
      assert.equal(await page.locator('.tabs-container .tab.active.dirty').count(), 1, 'the plan follows the unsaved editor');
      // Saved, the CLI plans the same change against the same HEAD: the view shows what it says, cell by cell.
      await save();
      const want = cliPlan(profilePath);
      assert.ok(
        want.deployments[0]?.problems.introduced.some((p) => p.code === 'DPS430'),
        `the CLI plans no DPS430: ${JSON.stringify(want.summary)}`,
      );
      const expectedCells = Object.fromEntries(want.deployments[0].fleet.map((c) => [`${c.macOS} ${c.state}`, cellText(c)]));
      let shown: Record<string, string> = {};
      await waitUntil(
        'the Changes since HEAD table to match dps-profiles plan',
        async () => isDeepStrictEqual((shown = await shownFleet()), expectedCells),
        UI_TIMEOUT,
      ).catch(() => assert.deepEqual(shown, expectedCells));
      assert.equal(await section.locator('section.plan').getAttribute('data-affects-users'), String(want.summary.affectsUsers));
      await section.scrollIntoViewIfNeeded();
      await screenshot('preview-changes');
    }));

  test('a signed profile opens from the explorer as a read-only view of its embedded XML', { skip: skipWithoutOpenssl }, () =>
    onFailure('signed-open', async () => {
      // A clean workbench: no preview, the explorer back.
      await editor().click({ position: { x: 200, y: 10 } });
      await runCommand('View: Close All Editor Groups');
      await page.locator('.editor-group-container .tab').first().waitFor({ state: 'detached' });
      await runCommand('View: Show Explorer');
      const rows = page.locator('.explorer-folders-view .monaco-list-row');
      const folderRow = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${SIGNED_DIR}$`) }) });
      const fileRow = rows.filter({ has: page.locator('.label-name', { hasText: SIGNED_PROFILE }) });
      if ((await folderRow.getAttribute('aria-expanded')) !== 'true') await folderRow.click();
      await fileRow.click();
      // The file is DER (VS Code shows it as binary, or as mangled text when it sees no NUL byte); the
      // extension opens the dps-signed: view beside it, whose first line is the XML declaration.
      await page.locator(`.tabs-container .tab.active[aria-label*="${SIGNED_PROFILE}"]`).waitFor();
      const viewLines = editor().locator('.view-lines');
      await waitUntil(
        'the active editor to show the embedded XML from its first line',
        async () => /^<\?xml\s[^]*<plist\sversion="1\.0">/.test(await viewLines.innerText()),
        UI_TIMEOUT,
      ).catch(async (error: Error) => {
        throw new Error(`${error.message}; it shows:\n${(await viewLines.innerText()).slice(0, 300)}`);
      });
      await viewLines.filter({ hasText: SIGNED_PAYLOADS[0] }).waitFor();
      const notice = page.locator('.notifications-toasts .notification-toast', { hasText: SIGNED_NOTICE });
      await notice.waitFor();
      const noticeText = await notice.innerText();
      assert.match(noticeText, /read-only view of its embedded XML/);
      assert.match(noticeText, /Edits must go to the unsigned source/);
      // The text came from the language server, which unwrapped the file (the traced request of client/src/signed.ts).
      await waitUntil(
        'the client to ask the server for the signed content',
        () => /Sending request 'dpsProfiles\/signedContent/.test(outputChannelLog()),
        UI_TIMEOUT,
      );
      await screenshot('signed-open');
    }),
  );

  test('the Problems panel lists what the CLI finds in the signed file, DPS117 included', { skip: skipWithoutOpenssl }, () =>
    onFailure('signed-diagnostics', async () => {
      signedExpected = cliDiagnostics(signedPath, signedPath);
      const info = signedExpected.find((d) => d.code === 'DPS117');
      assert.ok(info, `the CLI no longer reports DPS117 for ${SIGNED_PROFILE}; it reports ${signedExpected.map((d) => d.code).join(', ')}`);
      assert.match(info.message, /signed by "CN=DPS e2e Signer/);
      assert.ok(signedExpected.length > 1, 'the signed fixture no longer has a problem in its XML');
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel').waitFor();
      await waitForProblems(
        SIGNED_PROFILE,
        signedExpected.map((d) => d.code),
      );
      const infoRow = problemRows().filter({ hasText: 'DPS117' });
      assert.match(await infoRow.innerText(), /signed by "CN=DPS e2e Signer/);
      // README: the view, its notice (while still shown) and its problems.
      await screenshot('signed-profile', 'signed-profile.png');
    }),
  );

  test('the signed view cannot be edited', { skip: skipWithoutOpenssl }, () =>
    onFailure('signed-readonly', async () => {
      const problem = signedExpected.find((d) => d.code === 'DPS401');
      assert.ok(problem, 'the signed fixture no longer has the wrong TeamIdentifier (DPS401)');
      const { line, character } = problem.range.start;
      const value = fs.readFileSync(SIGNED_SOURCE, 'utf8').split(/\r?\n/)[line].slice(character).replace(/<.*$/, '');
      await goTo(line + 1, character + 1);
      await page.keyboard.type('X');
      await page.locator('.monaco-editor-overlaymessage', { hasText: /read-only/i }).waitFor();
      await screenshot('signed-readonly');
      const shown = await editor().locator('.view-lines').innerText();
      assert.ok(shown.includes(`>${value}<`) && !shown.includes(`X${value}`), `the view changed: ${shown.split('\n').find((l) => l.includes(value))}`);
      assert.equal(await page.locator('.tabs-container .tab.active.dirty').count(), 0, 'the view is not dirty');
    }),
  );

  test("the outline lists the signed profile's payloads", { skip: skipWithoutOpenssl }, (t) =>
    onFailure('signed-outline', async () => {
      if (skipUnlessAdvertised(t, 'documentSymbolProvider')) return;
      await editor().click({ position: { x: 200, y: 10 } });
      await waitForOutline(SIGNED_PAYLOADS);
      await screenshot('signed-outline');
    }),
  );

  test('changing the signed file after signing shows DPS119 in its view', { skip: skipWithoutOpenssl }, () =>
    onFailure('signed-tampered', async () => {
      // One letter of the embedded XML, same length, so the envelope still parses and only the signature fails.
      const changed = SIGNED_PAYLOADS[0].replace(/n$/, 'm');
      fs.writeFileSync(signedPath, tamper(fs.readFileSync(signedPath), SIGNED_PAYLOADS[0], changed));
      const want = cliDiagnostics(signedPath, signedPath).map((d) => d.code);
      assert.ok(want.includes('DPS119'), `the CLI does not report DPS119 for the changed file; it reports ${want.join(', ')}`);
      // The open view follows the file on disk, then its problems do.
      await editor().locator('.view-lines', { hasText: changed }).waitFor();
      await waitForProblems(SIGNED_PROFILE, want);
      assert.match(await problemRows().filter({ hasText: 'DPS119' }).innerText(), /does not verify/);
      await screenshot('signed-tampered');
    }),
  );

  test("a new profile typed from the PSSO 2.0 snippet's first line with completion only checks clean", () =>
    onFailure('typed-profile', async () => {
      // Its own folder, so the deployment is this file alone. On disk: only the snippet's first line.
      const firstLine = '<?xml version="1.0" encoding="UTF-8"?>';
      const typedPath = path.join(workspace, TYPED_DIR, TYPED_PROFILE);
      fs.mkdirSync(path.dirname(typedPath), { recursive: true });
      fs.writeFileSync(typedPath, `${firstLine}\n`);
      await editor().click({ position: { x: 200, y: 10 } });
      await runCommand('View: Close All Editor Groups');
      await page.locator('.editor-group-container .tab').first().waitFor({ state: 'detached' });
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill(TYPED_PROFILE);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: TYPED_PROFILE }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator(`.tabs-container .tab.active[aria-label*="${TYPED_PROFILE}"]`).waitFor();
      await editor().locator('.view-lines', { hasText: 'xml version' }).waitFor();
      // The Problems panel stays open below while the profile is completed.
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel').waitFor();
      await editor().click({ position: { x: 200, y: 10 } });
      await page.keyboard.press('Control+End');

      // Completion below the XML declaration: the whole profile, offered first.
      await page.keyboard.press('Control+Space');
      const widget = page.locator('.editor-widget.suggest-widget.visible');
      await widget.waitFor();
      const wanted = widget.locator('.monaco-list-row', { hasText: 'Platform SSO 2.0' }).first();
      await wanted.waitFor().catch(async () => {
        throw new Error(`the PSSO 2.0 profile is not offered (widget says "${await widget.innerText()}")`);
      });
      await screenshot('typed-profile-completion');
      const rows = await widget.locator('.monaco-list-row').count();
      for (let i = 0; i <= rows && !(await wanted.evaluate((el) => el.classList.contains('focused'))); i++) await page.keyboard.press('ArrowDown');
      assert.ok(await wanted.evaluate((el) => el.classList.contains('focused')), 'the PSSO 2.0 profile could not be selected');
      await page.keyboard.press('Enter');
      await widget.waitFor({ state: 'hidden' });
      // Until its placeholders are filled in, the DPS checks point at them (template org host DPS434, client ID; the
      // panel renders only the rows in view, so any of them will do).
      await waitUntil(
        `the Problems panel to list the template values of ${TYPED_PROFILE}`,
        async () => (await problemCodes(TYPED_PROFILE)).some((c) => ['DPS434', 'DPS440', 'DPS442', 'DPS452'].includes(c)),
        UI_TIMEOUT,
      );
      // Its tab stops: the org host (every URL, associated domain and the SCEP URL follow it), then the client ID.
      await page.keyboard.type('acme.okta.com');
      await page.keyboard.press('Tab');
      await page.keyboard.type('0oa1b2c3d4e5f6g7h8i9');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+S');
      await page.locator(`.tabs-container .tab[aria-label*="${TYPED_PROFILE}"]:not(.dirty)`).waitFor();
      await waitUntil(`${TYPED_PROFILE} to be saved`, () => fs.readFileSync(typedPath, 'utf8').includes('acme.okta.com'), UI_TIMEOUT);
      const saved = fs.readFileSync(typedPath, 'utf8');
      assert.ok(saved.startsWith(`${firstLine}\n<!DOCTYPE plist`), 'the profile continues the typed first line');
      assert.equal(saved.split(firstLine).length, 2, 'one XML declaration');
      assert.doesNotMatch(saved, /your-org|client-id|\$\{/, 'every placeholder is filled in');
      assert.deepEqual(
        cliDiagnostics(path.dirname(typedPath), typedPath).map((d) => `${d.code} ${d.message}`),
        [],
        'the CLI finds nothing',
      );
      await waitForProblems(TYPED_PROFILE, []);
      await screenshot('typed-profile');
    }));

  test('the extension host logged no activation or server errors', () => {
    const hostLog = extensionHostLogs()
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    assert.ok(hostLog.length > 0, 'no extension host log found');
    const ours = hostLog.split('\n').filter((l) => /\[error\]/i.test(l) && /dps-profiles|DPS Profiles/i.test(l));
    assert.deepEqual(ours, [], 'errors from dps-profiles in the extension host log');
    assert.doesNotMatch(hostLog, new RegExp(`Activating extension '?${EXTENSION_ID.replace('.', '\\.')}'? failed`));
    const channel = outputChannelLog();
    assert.match(channel, /Sending request 'initialize/, 'the DPS Profiles output channel log is missing');
    // A request VS Code cancelled (-32800, it does as the cursor moves on) or one overtaken by an edit (-32801) is the
    // protocol working, not an error: the trace says "Request failed" for those too.
    const serverErrors = channel.split('\n').filter((l) => /\[Error|failed/i.test(l) && !/\((-32800|-32801)\)\.?\s*$/.test(l));
    assert.deepEqual(serverErrors, [], 'errors in the DPS Profiles output channel');
  });
});
