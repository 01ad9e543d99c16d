import { TextDocuments, type Connection, type PublishDiagnosticsParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  applySeverities,
  CONFIG_FILE_NAME,
  checkAnalysed,
  deploymentOptionsOf,
  type CheckResult,
  type DeploymentInput,
  type ParsedDocument,
  type Problem,
  type DpsSettings,
  type LineIndex,
  type ProfileDocument,
} from '../core';
import { AnalysisCache } from './analysis-cache';
import { DeploymentIndex, type Member, type OpenText } from './deployment-index';
import { baseNameOfUri, shouldCheck } from './document-filter';
import type { FeatureContext } from './features';
import type { FileProvider, ServerHost, SignedProfiles } from './host';
import { describeError } from './log';
import type { ServerState } from './protocol-guard';
import { SettingsStore } from './settings-store';
import { ProjectConfigs } from './project-config';
import { WorkspaceScan } from './workspace-scan';
import { yieldToEventLoop } from './yield';

/** A document's check within its deployment, with what editor features need about the other members. */
export interface DeploymentCheck {
  result: CheckResult;
  /** Line index of another member of the deployment. */
  lineIndexOf(uri: string): LineIndex | undefined;
  members: number;
}

/**
 * The language server's state, in one place (as yaml-language-server's
 * session): the open documents, the settings, the deployment index, the result
 * cache, the workspace scan, and the platform (file provider, signed profiles).
 * Handlers in `lsp/handlers/` register on the connection and work through it;
 * no handler keeps documents or results of its own.
 */
export class Session {
  readonly documents = new TextDocuments(TextDocument);
  readonly settings: SettingsStore;
  readonly deployments: DeploymentIndex;
  /** Each document's own analysis, per version or file stamp. */
  readonly analyses: AnalysisCache;
  /** Deployment results by deployment key (settings and every member's stamp), most recent last. */
  private readonly deploymentResults = new Map<string, Map<string, CheckResult>>();
  /** The last check of each open document, whatever its version: features read the other members from it. */
  private readonly lastChecks = new Map<string, { version: number; check: DeploymentCheck }>();
  readonly scan: WorkspaceScan;
  readonly files: FileProvider;
  readonly signed: SignedProfiles;
  readonly extensionRoot: string;
  /** Where the connection is in its life: requests before initialize or after shutdown are refused (protocol-guard.ts). */
  state: ServerState = 'uninitialized';
  /** Workspace folder URIs from initialize; the whole-workspace scan covers them. */
  workspaceFolders: string[] = [];
  /** The client shows a diagnostic's related locations. */
  relatedInformation = false;
  /** The client asks again for inlay hints when told to (`workspace/inlayHint/refresh`): a setting turns them on or off. */
  refreshesInlayHints = false;
  /** Log how long each check took (`DPS_PROFILES_TIMING=1` in the server's environment; the benchmark sets it). */
  readonly timing: boolean;
  /** Documents with diagnostics on screen, so a document that stops being checked gets cleared. */
  readonly published = new Set<string>();

  constructor(
    readonly connection: Connection,
    host: ServerHost,
  ) {
    this.files = host.files;
    this.signed = host.signed;
    this.extensionRoot = host.extensionRoot;
    this.timing = host.timing ?? false;
    this.analyses = new AnalysisCache(this.timing ? (uri, stamp, ms) => this.log(`timing: parsed ${uri} ${stamp} in ${ms.toFixed(2)} ms`) : undefined);
    this.settings = new SettingsStore(connection);
    this.settings.caseInsensitivePaths = host.files.caseInsensitive ?? false;
    this.settings.project = new ProjectConfigs(
      host.files,
      () => this.workspaceFolders,
      (message) => this.connection.console.warn(message),
    );
    this.deployments = new DeploymentIndex(host.files);
    this.scan = new WorkspaceScan({
      folders: async () => this.workspaceFolders,
      files: host.files,
      signed: host.signed,
      // As for a file at the top of the first workspace folder: its settings, and the project config found from there.
      settings: () => this.settings.for(this.workspaceFolders[0] ? `${this.workspaceFolders[0].replace(/\/+$/, '')}/${CONFIG_FILE_NAME}` : ''),
      // The raw bytes of a signed profile open as text are read from disk instead (unwrapped, for the view).
      pathSeverity: (uri) => this.settings.pathSeverityFor(uri),
      openText: (uri) => {
        const text = this.documents.get(uri)?.getText();
        return text === undefined || this.signed.isRawSignedDocument(uri, text) ? undefined : text;
      },
      publish: (params) => this.publish(params),
      extensionRoot: host.extensionRoot,
      relatedInformation: () => this.relatedInformation,
      log: (message) => this.log(message),
    });
  }

  log(message: string): void {
    this.connection.console.log(message);
  }

  error(message: string, error?: unknown): void {
    this.connection.console.error(error === undefined ? message : `${message}: ${describeError(error)}`);
  }

  /** Publishing fails only when the client is gone; that must not become an unhandled rejection. */
  publish(params: PublishDiagnosticsParams): void {
    this.connection.sendDiagnostics(params).catch((error: unknown) => this.error('Could not publish diagnostics', error));
  }

  /** Whether the server checks this open document with these settings (a profile, not a signed file's raw bytes). */
  serves(document: TextDocument, settings: DpsSettings): boolean {
    return shouldCheck(document.languageId, document.uri, settings) && !this.signed.isRawSignedDocument(document.uri, document.getText());
  }

  /** Open documents' text, without signed files' raw bytes. */
  openTexts(): Map<string, OpenText> {
    const open = new Map<string, OpenText>();
    for (const d of this.documents.all()) if (!this.signed.isRawSignedDocument(d.uri, d.getText())) open.set(d.uri, { text: d.getText(), version: d.version });
    return open;
  }

  /** The check input of a document's text (a `dps-signed:` view carries its envelope and verdict). */
  private inputOf(uri: string, text: string): DeploymentInput {
    return { documentId: uri, fileName: baseNameOfUri(uri), text, ...this.signed.inputExtras(uri) };
  }

  /**
   * Check the document together with the other profiles of its deployment (its
   * folder), so cross-file DPS problems land where they belong. Each member's own
   * analysis comes from the analysis cache; the deployment rules run again only
   * when a member, the membership or the settings changed.
   */
  async checkDocument(document: TextDocument, settings: DpsSettings, isCurrent?: () => boolean): Promise<DeploymentCheck> {
    const uri = document.uri;
    const members = await this.membersOf(document, settings);
    const parseKey = JSON.stringify(settings.preferenceDomainFiles);
    const options = deploymentOptionsOf(settings);
    for (const m of members) {
      if (this.analyses.hasParse(m.uri, m.stamp, parseKey)) continue;
      this.analyses.parsed(m.uri, m.stamp, parseKey, () => this.inputOf(m.uri, m.text), options);
      // Between the parse and the rest, requests that came in meanwhile (completion after a keystroke) go first,
      // on the parse just made; a check whose document moved on stops here.
      await yieldToEventLoop();
      if (isCurrent && !isCurrent()) throw new Superseded();
    }
    const analyses = members.map((m) => this.analyses.analysed(m.uri, m.stamp, parseKey, () => this.inputOf(m.uri, m.text), options));
    const key = JSON.stringify([settings.severity, settings.targetMacOS, settings.deviceAccessScep, parseKey, members.map((m) => `${m.uri}@${m.stamp}`)]);
    let results = this.deploymentResults.get(key);
    if (results?.has(uri)) {
      this.deploymentResults.delete(key);
    } else {
      // Results for the open members only (the ones that get diagnostics); the rules still see every member.
      const open = new Set(members.filter((m) => m.uri === uri || this.documents.get(m.uri)).map((m) => m.uri));
      results = new Map(checkAnalysed(analyses, options, open).map((r) => [r.documentId, r]));
      if (this.deploymentResults.size >= MAX_DEPLOYMENT_RESULTS) this.deploymentResults.delete(this.deploymentResults.keys().next().value!);
    }
    this.deploymentResults.set(key, results);
    const lineIndexes = new Map(analyses.map((a) => [a.documentId, a.lineIndex]));
    const check: DeploymentCheck = { result: results.get(uri)!, lineIndexOf: (other) => lineIndexes.get(other), members: members.length };
    if (this.documents.get(uri)) this.lastChecks.set(uri, { version: document.version, check });
    return check;
  }

  /** The profiles deployed with a document (its folder, unless the scope is one file), the document included. */
  async membersOf(document: TextDocument, settings: DpsSettings): Promise<Member[]> {
    const uri = document.uri;
    const members = settings.deploymentScope === 'file' ? [] : await this.deployments.members(uri, this.openTexts(), settings.preferenceDomainFiles);
    if (!members.some((m) => m.uri === uri)) members.push({ uri, text: document.getText(), stamp: `v${document.version}` });
    return members;
  }

  /** Check the members of a deployment together, one result per member (closed ones too), from the cached analyses. */
  checkMembers(members: readonly Member[], settings: DpsSettings): CheckResult[] {
    const parseKey = JSON.stringify(settings.preferenceDomainFiles);
    const options = deploymentOptionsOf(settings);
    return checkAnalysed(
      members.map((m) => this.analyses.analysed(m.uri, m.stamp, parseKey, () => this.inputOf(m.uri, m.text), options)),
      options,
    );
  }

  /** The check result of exactly this version of an open document, if it was checked. */
  checkedVersion(uri: string, version: number): CheckResult | undefined {
    const last = this.lastChecks.get(uri);
    return last && last.version === version ? last.check.result : undefined;
  }

  /** A document closed: forget what was kept for it. */
  forget(uri: string): void {
    this.lastChecks.delete(uri);
    this.analyses.delete(uri);
  }

  /** The open document if the server serves it with its settings, else undefined. */
  private async served(uri: string): Promise<{ document: TextDocument; settings: DpsSettings } | undefined> {
    if (!this.documents.get(uri)) return undefined;
    const settings = await this.settings.for(uri);
    const document = this.documents.get(uri);
    return document && this.serves(document, settings) ? { document, settings } : undefined;
  }

  /** The latest parse of an open document (cached per version). */
  parsedOf(document: TextDocument, settings: DpsSettings): ParsedDocument {
    const options = { preferenceDomainFiles: settings.preferenceDomainFiles };
    return this.analyses.parsed(
      document.uri,
      `v${document.version}`,
      JSON.stringify(settings.preferenceDomainFiles),
      () => this.inputOf(document.uri, document.getText()),
      options,
    );
  }

  /**
   * What an editor feature needs, without waiting for a check of the deployment:
   * the document's text and line index, its latest parse (made on first use, so
   * completion, which reads only the text, never waits for a parse of a new
   * version), and the other members as the last check saw them. Only a document
   * never checked yet is checked first.
   */
  async featureContext(uri: string): Promise<FeatureContext | undefined> {
    const served = await this.served(uri);
    if (!served) return undefined;
    const { document, settings } = served;
    const last = this.lastChecks.get(uri);
    const check = last?.check ?? (await this.checkDocument(document, settings));
    const deployment = check.result.deployment;
    const parsed = (): ParsedDocument => this.parsedOf(document, settings);
    const parseKey = JSON.stringify(settings.preferenceDomainFiles);
    const analyses = this.analyses;
    return {
      uri,
      document,
      text: document.getText(),
      get lineIndex(): LineIndex {
        return analyses.lineIndex(uri, `v${document.version}`, parseKey, document.getText());
      },
      get parsed(): ParsedDocument {
        return parsed();
      },
      treeOf: (text) => this.analyses.treeFor(uri, text, parseKey) ?? (text === document.getText() ? parsed() : undefined),
      deployment,
      get deploymentDocuments(): readonly ProfileDocument[] {
        const own = parsed().document;
        return deployment.documents.map((d) => (d.documentId === uri ? own : d));
      },
      problems: (): Problem[] => {
        const current = this.checkedVersion(uri, document.version);
        if (current) return current.problems;
        const options = { preferenceDomainFiles: settings.preferenceDomainFiles };
        const own = this.analyses.analysed(uri, `v${document.version}`, parseKey, () => this.inputOf(uri, document.getText()), options);
        return applySeverities(own.problems, settings.severity);
      },
      lineIndexOf: check.lineIndexOf,
      fileName: baseNameOfUri(uri),
      preferenceDomainFiles: settings.preferenceDomainFiles,
    };
  }

  /** The check of the document's current version within its deployment (the preview and the status bar need it whole). */
  async checkedContext(uri: string): Promise<(DeploymentCheck & { folder: string | undefined }) | undefined> {
    const served = await this.served(uri);
    if (!served) return undefined;
    const check = await this.checkDocument(served.document, served.settings);
    return { ...check, folder: served.settings.deploymentScope === 'file' ? undefined : this.deployments.displayFolder(uri) };
  }
}

/** A check given up because its document changed meanwhile (a newer version will be checked). */
export class Superseded extends Error {
  constructor() {
    super('superseded by a newer version');
  }
}

/** Deployment results kept (one per recent deployment state; a folder being edited needs one or two). */
const MAX_DEPLOYMENT_RESULTS = 16;
