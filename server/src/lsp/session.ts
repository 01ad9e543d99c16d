import { TextDocuments, type Connection, type PublishDiagnosticsParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkDeployment, type CheckResult } from '../core/check';
import type { DpsSettings } from '../core/settings';
import { LineIndex } from '../core/text';
import { CheckCache } from './checkCache';
import { DeploymentIndex, type OpenText } from './deploymentIndex';
import { baseNameOfUri, shouldCheck } from './documentFilter';
import type { FeatureContext } from './features';
import type { FileProvider, ServerHost, SignedProfiles } from './host';
import { describeError } from './log';
import { SettingsStore } from './settingsStore';
import { WorkspaceScan } from './workspaceScan';

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
  readonly cache = new CheckCache();
  readonly scan: WorkspaceScan;
  readonly files: FileProvider;
  readonly signed: SignedProfiles;
  readonly extensionRoot: string;
  /** Workspace folder URIs from initialize; the whole-workspace scan covers them. */
  workspaceFolders: string[] = [];
  /** The client shows a diagnostic's related locations. */
  relatedInformation = false;
  /** Documents with diagnostics on screen, so a document that stops being checked gets cleared. */
  readonly published = new Set<string>();

  constructor(
    readonly connection: Connection,
    host: ServerHost,
  ) {
    this.files = host.files;
    this.signed = host.signed;
    this.extensionRoot = host.extensionRoot;
    this.settings = new SettingsStore(connection);
    this.deployments = new DeploymentIndex(host.files);
    this.scan = new WorkspaceScan({
      folders: async () => this.workspaceFolders,
      files: host.files,
      signed: host.signed,
      settings: () => this.settings.for(this.workspaceFolders[0] ?? ''),
      // The raw bytes of a signed profile open as text are read from disk instead (unwrapped, for the view).
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

  /**
   * Check the document together with the other profiles of its deployment (its
   * folder), so cross-file DPS problems land where they belong. The result is
   * cached per document version, settings and the members' versions.
   */
  async checkDocument(document: TextDocument, settings: DpsSettings): Promise<DeploymentCheck> {
    const uri = document.uri;
    const members = settings.deploymentScope === 'file' ? [] : await this.deployments.members(uri, this.openTexts(), settings.preferenceDomainFiles);
    if (!members.some((m) => m.uri === uri)) members.push({ uri, text: document.getText(), stamp: `v${document.version}` });
    const settingsKey = JSON.stringify([settings.severity, settings.preferenceDomainFiles, settings.targetMacOS, settings.deploymentScope, members.map((m) => `${m.uri}@${m.stamp}`)]);
    const result = this.cache.get(uri, document.version, settingsKey, () => {
      const results = checkDeployment(
        members.map((m) => ({ documentId: m.uri, fileName: baseNameOfUri(m.uri), text: m.text, ...this.signed.inputExtras(m.uri) })),
        { severities: settings.severity, preferenceDomainFiles: settings.preferenceDomainFiles, targetMacOS: settings.targetMacOS },
      );
      return results.find((r) => r.documentId === uri)!;
    });
    const memberIndex = new Map<string, LineIndex>();
    for (const m of members) if (m.uri !== uri) memberIndex.set(m.uri, new LineIndex(m.text));
    return { result, lineIndexOf: (other) => memberIndex.get(other), members: members.length };
  }

  /** The latest check of an open document that the server serves, for editor features. */
  async featureContext(uri: string): Promise<FeatureContext | undefined> {
    if (!this.documents.get(uri)) return undefined;
    const settings = await this.settings.for(uri);
    const current = this.documents.get(uri);
    if (!current || !this.serves(current, settings)) return undefined;
    const { result, lineIndexOf, members } = await this.checkDocument(current, settings);
    return {
      uri,
      document: current,
      result,
      lineIndexOf,
      folder: settings.deploymentScope === 'file' ? undefined : this.deployments.displayFolder(uri),
      members,
      fileName: baseNameOfUri(uri),
      preferenceDomainFiles: settings.preferenceDomainFiles,
    };
  }
}
