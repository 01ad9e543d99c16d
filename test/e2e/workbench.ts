/**
 * Driving a real VS Code workbench with Playwright: the command palette, the
 * cursor, the Problems panel. Waits on what the workbench shows, never on sleeps.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { waitUntil } from './harness';

export const UI_TIMEOUT = 30_000;

/** The few DOM members read in the Problems panel's rows (the project compiles without the DOM library). */
interface RowElement {
  getAttribute(name: string): string | null;
  innerText: string;
}

/**
 * Show only this file in the Problems panel, with the panel's own filter box. The panel's list draws only the rows in
 * view, and orders files by their worst problem, so without the filter a file's rows can sit below the fold (as the
 * typed profile's did once the other files' errors filled the panel). The value is set with an input event, not typed:
 * the keyboard focus stays where the test put it (a snippet session in the editor, say).
 *
 * The panel applies its filter on a 300 ms timer of its own, which nothing on screen shows; a timer the page starts
 * after it, with a longer delay, fires after it, and one frame later the list is drawn. Without that wait, a file whose
 * rows the old filter hid would read as having no problems.
 */
async function filterProblemsTo(page: Page, file: string): Promise<void> {
  const filter = page.locator('.viewpane-filter input[placeholder*="**/*.ts"]');
  if (!(await filter.isVisible())) return;
  await filter.evaluate(async (node, value) => {
    const input = node as unknown as { value: string; dispatchEvent(event: unknown): boolean };
    if (input.value === value) return;
    const page = globalThis as unknown as {
      Event: new (type: string, init: object) => unknown;
      setTimeout(callback: () => void, ms: number): unknown;
      requestAnimationFrame(callback: () => void): unknown;
    };
    input.value = value;
    input.dispatchEvent(new page.Event('input', { bubbles: true }));
    await new Promise<void>((resolve) => page.setTimeout(resolve, 400));
    await new Promise<void>((resolve) => page.requestAnimationFrame(() => page.setTimeout(resolve, 0)));
  }, file);
}

/** The DPS codes the Problems panel lists under a file: the rows after the file's own (tree level 1) row. */
export async function problemCodesIn(page: Page, file: string): Promise<string[]> {
  await filterProblemsTo(page, file);
  const rows = await page.locator('.markers-panel .monaco-list-row').evaluateAll((nodes) =>
    nodes.map((node) => {
      const row = node as unknown as RowElement;
      return { index: Number(row.getAttribute('data-index')), level: row.getAttribute('aria-level'), text: row.innerText };
    }),
  );
  let inFile = false;
  const codes: string[] = [];
  for (const row of rows.sort((a, b) => a.index - b.index)) {
    if (row.level === '1') inFile = row.text.includes(file);
    else if (inFile) codes.push(...(row.text.match(/DPS\d{3}/g) ?? []));
  }
  return codes.sort();
}

/** Workbench settings both suites start from: no tips, updates, telemetry or pop-ups while the suite types. */
export const QUIET_SETTINGS = {
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
  'files.autoSave': 'off',
  // Only the language server's items, ahead of contributed snippets.
  'editor.wordBasedSuggestions': 'off',
  'editor.snippetSuggestions': 'bottom',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.lightbulb.enabled': 'on',
  // No fade-ins: screenshots show widgets fully drawn.
  'workbench.reduceMotion': 'on',
} as const;

export class Workbench {
  private shot = 0;

  constructor(
    readonly page: Page,
    private readonly artifacts: string,
  ) {}

  editor(): Locator {
    return this.page.locator('.editor-instance .monaco-editor').first();
  }

  /** A screenshot among the artifacts; with `copyTo`, also there (the README's screenshots). */
  async screenshot(name: string, copyTo?: string): Promise<void> {
    const file = path.join(this.artifacts, `${String(++this.shot).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    if (copyTo) fs.copyFileSync(file, copyTo);
  }

  /** Run a step; on failure keep a screenshot and the DOM next to the artifacts. */
  async step<T>(name: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      await this.page.screenshot({ path: path.join(this.artifacts, `failed-${name}.png`) }).catch(() => undefined);
      fs.writeFileSync(path.join(this.artifacts, `failed-${name}.html`), await this.page.content().catch(() => ''));
      throw error;
    }
  }

  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const item = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
    await item.waitFor({ timeout: UI_TIMEOUT });
    await item.click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  async openFromExplorer(name: string): Promise<void> {
    await this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label*="${name}"]`).click();
    await this.page.locator(`.tabs-container .tab[aria-label*="${name}"]`).waitFor();
    await this.editor().locator('.view-lines').waitFor();
  }

  /** Put the cursor at a 1-based line and column with Go to Line. */
  async goTo(line: number, column: number): Promise<void> {
    await this.editor().click({ position: { x: 200, y: 10 } });
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await this.page.locator('.statusbar-item[id="status.editor.selection"]', { hasText: `Ln ${line},` }).waitFor({ timeout: UI_TIMEOUT });
  }

  /** The DPS codes the Problems panel lists under a file. */
  problemCodes(file: string): Promise<string[]> {
    return problemCodesIn(this.page, file);
  }

  /** Wait until the Problems panel lists exactly these codes (with repeats) under the file. */
  async waitForProblems(file: string, want: string[]): Promise<void> {
    const sorted = [...want].sort();
    await waitUntil(
      `Problems to list ${sorted.join(', ')} for ${file}`,
      async () => JSON.stringify(await this.problemCodes(file)) === JSON.stringify(sorted),
      UI_TIMEOUT,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; the panel shows ${(await this.problemCodes(file)).join(', ') || 'nothing'} for it`);
    });
  }
}
