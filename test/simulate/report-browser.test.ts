/**
 * The HTML report and the webview document in a real browser (headless
 * Chromium through playwright-core): the visible steps match the timeline,
 * hostile profile content stays text, nothing is fetched, and screenshots of
 * the report go to test-artifacts/screenshots/ (docs/screenshots/ for the README
 * with DPS_UPDATE_SCREENSHOTS=1).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { checkDeployment } from '../../server/src/core';
import { simulate, simulateMatrix, type ScenarioInput, type Timeline } from '../../server/src/core/simulate';
import { renderReportHtml, renderTimelineFragment, renderWebviewHtml } from '../../server/src/core/simulate/html';
import { CHROMIUM_ARGS } from '../e2e/harness';

const root = resolve(__dirname, '..', '..', '..');
// npm test leaves the working tree clean: screenshots go to test-artifacts/ (git-ignored) unless
// DPS_UPDATE_SCREENSHOTS=1 asks to refresh the README's copies in docs/screenshots/.
const screenshots = process.env.DPS_UPDATE_SCREENSHOTS === '1' ? join(root, 'docs', 'screenshots') : join(root, 'test-artifacts', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The flags the e2e suite starts Chromium with on these machines, headless.
const FLAGS = ['--headless', ...CHROMIUM_ARGS];

const skip = existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM} (install it with apt-get install -y chromium, or set CHROMIUM_PATH)`;
if (skip) console.log(`# skipping browser tests: ${skip}`);

let context: BrowserContext | undefined;
let userDataDir = '';
/** Every request a page makes that is not the page itself. */
const requests: string[] = [];

before(async () => {
  if (skip) return;
  userDataDir = mkdtempSync(join(tmpdir(), 'dps-preview-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1000, height: 1400 },
  });
  await context.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
});

after(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

function timelineOf(files: string[], scenario: ScenarioInput): Timeline {
  return simulate(
    checkDeployment(files.map((f) => ({ documentId: f, fileName: f.replace(/^.*\//, ''), text: readFileSync(join(root, f), 'utf8') }))),
    scenario,
  );
}

async function open(html: string): Promise<Page> {
  const page = await context!.newPage();
  page.on('dialog', (d) => void d.dismiss());
  await page.setContent(html, { waitUntil: 'load' });
  return page;
}

test('the HTML report shows every step with its status, in order', { skip }, async () => {
  const files = ['examples/macos13/okta-dps-psso1-macos13.mobileconfig'];
  const timeline = timelineOf(files, { macOS: '14.0' });
  const page = await open(renderReportHtml({ files, timeline }));
  const steps = page.locator('li.step');
  assert.equal(await steps.count(), timeline.steps.length);
  const seen = await steps.evaluateAll((els) =>
    els.map((e) => ({
      id: e.getAttribute('data-step-id'),
      status: e.getAttribute('data-status'),
      visible: (e as unknown as { offsetHeight: number }).offsetHeight > 0,
      title: e.querySelector('.step-title')?.textContent,
    })),
  );
  assert.deepEqual(
    seen.map((s) => [s.id, s.status]),
    timeline.steps.map((s) => [s.id, s.status]),
  );
  assert.ok(seen.every((s) => s.visible));
  assert.deepEqual(
    seen.map((s) => s.title),
    timeline.steps.map((s) => s.title),
  );
  assert.equal(await page.locator('li.step.status-fails .badge').first().innerText(), '✗ Fails');
  assert.match(await page.locator('.outcome').innerText(), /does not work on macOS 14\.0/);
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, 'preview-report.png'), fullPage: true });
  await page.close();
  assert.deepEqual(requests, [], 'the report fetched nothing');
});

test('the matrix report renders one column per macOS version', { skip }, async () => {
  const files = ['examples/okta-dps-psso2.mobileconfig'];
  const matrix = simulateMatrix(checkDeployment(files.map((f) => ({ documentId: f, text: readFileSync(join(root, f), 'utf8') }))));
  const page = await open(renderReportHtml({ files, matrix }));
  const headers = await page.locator('.matrix thead th').allInnerTexts();
  assert.deepEqual(headers, ['Step', 'macOS 13.0', 'macOS 14.0', 'macOS 15.0', 'macOS 26.0', 'Why it differs']);
  assert.ok((await page.locator('.matrix tr.differs').count()) > 0);
  await page.screenshot({ path: join(screenshots, 'preview-matrix.png'), fullPage: false });
  await page.close();
});

test('hostile profile content stays text in the report and the webview: no script runs, no element is injected', { skip }, async () => {
  const files = ['test/fixtures/simulate/hostile.mobileconfig'];
  const timeline = timelineOf(files, { macOS: '14.0' });
  const documents = [
    renderReportHtml({ files, timeline }),
    renderWebviewHtml({
      nonce: 'n0nce',
      cspSource: 'https://webview.invalid',
      scenario: timeline.scenario,
      subject: '"><img src=x onerror="window.__pwned=8">',
      content: renderTimelineFragment(timeline, { links: true }),
    }),
  ];
  for (const html of documents) {
    const page = await open(html);
    assert.equal(await page.evaluate('window.__pwned'), undefined, 'no injected script ran');
    assert.equal(await page.locator('img').count(), 0, 'no injected image');
    assert.equal(await page.locator('body script').count(), html.includes('<script nonce=') ? 1 : 0, 'only our own script');
    const text = await page.locator('body').innerText();
    assert.ok(text.includes('<script>window.__pwned = 1</script>Okta SSO'), 'the display name is shown as text');
    await page.close();
  }
  assert.deepEqual(requests, [], 'nothing was fetched');
});

test('the webview script works without VS Code: the form posts, updates swap the timeline', { skip }, async () => {
  const files = ['examples/okta-dps-psso2.mobileconfig'];
  const t15 = timelineOf(files, { macOS: '15.0' });
  const t13 = timelineOf(files, { macOS: '13.0' });
  const html = renderWebviewHtml({
    nonce: 'n0nce',
    cspSource: 'https://webview.invalid',
    scenario: t15.scenario,
    subject: 'okta-dps-psso2.mobileconfig',
    content: renderTimelineFragment(t15, { links: true }),
  });
  // Stand in for VS Code's API to see what the script posts.
  const withApi = html.replace(
    '<script nonce="n0nce">',
    '<script nonce="n0nce">window.posted=[];window.acquireVsCodeApi=function(){return{postMessage:function(m){window.posted.push(m)},setState:function(){}}};',
  );
  const page = await open(withApi);
  await page.selectOption('select[name=macOS]', '13.0');
  await page.locator('a.driver').first().click();
  const posted = (await page.evaluate('window.posted')) as Record<string, unknown>[];
  assert.deepEqual(
    posted.map((m) => m.type),
    ['ready', 'scenario', 'reveal'],
  );
  assert.equal((posted[1].scenario as { macOS: string }).macOS, '13.0');
  assert.equal(posted[2].documentId, 'examples/okta-dps-psso2.mobileconfig');
  await page.evaluate((update) => (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(update, '*'), {
    type: 'update',
    html: renderTimelineFragment(t13, { links: true }),
    scenario: t13.scenario,
    subject: 'okta-dps-psso2.mobileconfig',
  });
  await page.waitForFunction(`document.querySelector('.timeline').getAttribute('data-macos') === '13.0'`);
  assert.equal(await page.locator('li.step[data-step-id="registration-notification"]').getAttribute('data-status'), 'fails');
  // docs/screenshots/preview-webview.png comes from the real VS Code (node scripts/e2e.mjs --update-screenshots).
  await page.close();
});
