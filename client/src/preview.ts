/**
 * "DPS: Show Deployment Preview": a webview beside the editor that shows what a
 * Mac would do with the active profile's deployment. The server runs the
 * simulation (`dpsProfiles/simulate`); the HTML comes from the core's shared
 * renderer, which escapes every profile value. The webview's script can only
 * post two kinds of messages: a new scenario, and "reveal this key". Under the
 * timeline, "Changes since HEAD" (client/src/changes.ts) plans the edits since git HEAD.
 */
import {
  commands,
  languages,
  Position,
  Range,
  Selection,
  TextEditorRevealType,
  Uri,
  ViewColumn,
  window,
  workspace,
  type Disposable,
  type ExtensionContext,
  type TextDocument,
  type WebviewPanel,
} from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { renderMessage, renderTimelineFragment, renderWebviewHtml, resolveScenario, type ScenarioInput, type Timeline } from '../../server/src/core/render';
import { SimulateRequest, type SimulateResponse } from '../../server/src/protocol';
import { ChangesSinceHead, renderChangesSection, type ChangesResult } from './changes';

export const SHOW_PREVIEW_COMMAND = 'dpsProfiles.showPreview';
const SCENARIO_STATE_KEY = 'dpsProfiles.previewScenario';
const UPDATE_DELAY_MS = 300;

/** Files the language server checks (the same families as the client's document selector). */
function isProfile(document: TextDocument): boolean {
  return document.languageId === 'mobileconfig' || /\.(mobileconfig|plist)$/i.test(document.fileName);
}

/** A CSP nonce from WebCrypto, which both the node and the web extension hosts have. */
function newNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

class DeploymentPreview {
  readonly panel: WebviewPanel;
  private subject: Uri | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private request = 0;
  private timeline: Timeline | undefined;
  /** Under the timeline: what the edits since git HEAD do to Macs in the field. */
  private readonly changes = new ChangesSinceHead(() => this.schedule(UPDATE_DELAY_MS));
  private readonly disposables: Disposable[] = [];

  constructor(
    private readonly context: ExtensionContext,
    private readonly getClient: () => LanguageClient | undefined,
    private readonly onDispose: () => void,
  ) {
    this.panel = window.createWebviewPanel(
      'dpsProfiles.preview',
      'Deployment Preview',
      { viewColumn: ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        enableCommandUris: false,
        // Nothing is loaded from disk or the network: CSS and script are inline with a nonce.
        localResourceRoots: [],
      },
    );
    this.follow(window.activeTextEditor?.document);
    this.panel.webview.html = renderWebviewHtml({
      nonce: newNonce(),
      cspSource: this.panel.webview.cspSource,
      scenario: resolveScenario(this.scenario()),
      subject: this.subjectLabel(),
      content: renderMessage(this.subject ? 'Simulating…' : 'Open a .mobileconfig profile to preview its deployment.'),
    });
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((message: unknown) => void this.onMessage(message)),
      window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isProfile(editor.document) && editor.document.uri.toString() !== this.subject?.toString()) {
          this.follow(editor.document);
          this.schedule(0);
        }
      }),
      workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.toString() === this.subject?.toString()) this.schedule(UPDATE_DELAY_MS);
      }),
      // A sibling profile or a setting changed: the server re-checked the subject.
      languages.onDidChangeDiagnostics((event) => {
        if (this.subject && event.uris.some((u) => u.toString() === this.subject!.toString())) this.schedule(UPDATE_DELAY_MS);
      }),
    );
  }

  follow(document: TextDocument | undefined): void {
    if (document && isProfile(document)) this.subject = document.uri;
  }

  private scenario(): ScenarioInput {
    return this.context.workspaceState.get<ScenarioInput>(SCENARIO_STATE_KEY) ?? {};
  }

  private subjectLabel(): string | undefined {
    return this.subject ? this.subject.path.split('/').pop() : undefined;
  }

  schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delayMs);
  }

  private async refresh(): Promise<void> {
    const request = ++this.request;
    const subject = this.subject;
    const post = (html: string, timeline?: Timeline) =>
      void this.panel.webview.postMessage({ type: 'update', html, subject: this.subjectLabel() ?? 'No profile', scenario: timeline?.scenario });
    if (!subject) return post(renderMessage('Open a .mobileconfig profile to preview its deployment.'));
    const client = this.getClient();
    if (!client || !client.isRunning()) return post(renderMessage('The DPS Profiles language server is not running yet.'));
    let response: SimulateResponse | null;
    // The change plan runs beside the simulation; its failure never hides the preview.
    const changes: Promise<ChangesResult> = this.changes
      .compute(client, subject)
      .catch((error: unknown) => ({ message: `The change plan failed: ${error instanceof Error ? error.message : String(error)}` }));
    try {
      response = await client.sendRequest(SimulateRequest, { uri: subject.toString(), scenario: this.scenario() });
    } catch (error) {
      if (request === this.request) post(renderMessage(`The preview failed: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    const changed = await changes;
    if (request !== this.request) return; // a newer edit or scenario is on its way
    if (!response) return post(renderMessage('DPS Profiles does not check this file (see the dpsProfiles settings).'));
    this.timeline = response.timeline;
    post(`${renderTimelineFragment(response.timeline, { links: true })}\n${renderChangesSection(changed)}`, response.timeline);
  }

  private async onMessage(message: unknown): Promise<void> {
    if (!message || typeof message !== 'object') return;
    const m = message as Record<string, unknown>;
    if (m.type === 'ready') this.schedule(0);
    else if (m.type === 'scenario' && m.scenario && typeof m.scenario === 'object') {
      // The server validates the scenario; here it is only stored and passed on.
      await this.context.workspaceState.update(SCENARIO_STATE_KEY, m.scenario);
      this.schedule(0);
    } else if (m.type === 'reveal') await this.reveal(m);
  }

  /** Open the file behind a step and select the key. Only documents the current timeline names are opened. */
  private async reveal(m: Record<string, unknown>): Promise<void> {
    const id = typeof m.documentId === 'string' ? m.documentId : undefined;
    if (!id || !this.timeline?.steps.some((s) => s.drivers.some((d) => d.documentId === id))) return;
    let uri: Uri;
    try {
      uri = Uri.parse(id, true);
    } catch {
      return;
    }
    const document = await workspace.openTextDocument(uri);
    let range: Range | undefined;
    const r = m.range as { start?: { line?: unknown; character?: unknown }; end?: { line?: unknown; character?: unknown } } | undefined;
    const nums = [r?.start?.line, r?.start?.character, r?.end?.line, r?.end?.character].map(finiteNumber);
    if (nums.every((n) => n !== undefined)) {
      range = document.validateRange(new Range(new Position(nums[0]!, nums[1]!), new Position(nums[2]!, nums[3]!)));
    } else {
      const start = finiteNumber(m.start);
      const end = finiteNumber(m.end);
      if (start !== undefined && end !== undefined) range = new Range(document.positionAt(start), document.positionAt(end));
    }
    const visible = window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const editor = await window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? ViewColumn.One, preserveFocus: false });
    if (range) {
      editor.selection = new Selection(range.start, range.end);
      editor.revealRange(range, TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changes.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.onDispose();
  }
}

/** Register the command; one preview panel at a time, which follows the active profile. */
export function registerPreview(context: ExtensionContext, getClient: () => LanguageClient | undefined): Disposable {
  let preview: DeploymentPreview | undefined;
  return commands.registerCommand(SHOW_PREVIEW_COMMAND, async (arg?: unknown) => {
    // A code lens passes the profile and a macOS version; the scenario keeps its other choices.
    const { uri, macOS } = previewArguments(arg);
    if (macOS) await context.workspaceState.update(SCENARIO_STATE_KEY, { ...(context.workspaceState.get<ScenarioInput>(SCENARIO_STATE_KEY) ?? {}), macOS });
    const document = (uri ? workspace.textDocuments.find((d) => d.uri.toString() === uri) : undefined) ?? window.activeTextEditor?.document;
    if (preview) {
      preview.follow(document);
      preview.panel.reveal(ViewColumn.Beside, true);
      preview.schedule(0);
      return;
    }
    preview = new DeploymentPreview(context, getClient, () => (preview = undefined));
    if (uri) {
      preview.follow(document);
      preview.schedule(0);
    }
  });
}

/** `{ uri, macOS }` from a code lens; the editor title button passes the file's Uri, which needs nothing more. */
function previewArguments(arg: unknown): { uri?: string; macOS?: string } {
  if (!arg || typeof arg !== 'object' || arg instanceof Uri) return {};
  const a = arg as Record<string, unknown>;
  return {
    uri: typeof a.uri === 'string' ? a.uri : undefined,
    macOS: typeof a.macOS === 'string' && /^\d+(\.\d+){0,2}$/.test(a.macOS) ? a.macOS : undefined,
  };
}
