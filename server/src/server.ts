/**
 * The DPS Profiles language server: a thin shell that feeds open documents to
 * the core's `checkText` and publishes the problems as diagnostics.
 * Transport (stdio, node IPC, socket, pipe) comes from the command line.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { CodeActionKind } from 'vscode-languageserver/node';
import type { CodeAction, Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkDeployment, type CheckResult } from './core/check';
import { normalizeSettings, type DpsSettings } from './core/settings';
import { LineIndex } from './core/text';
import { CheckCache } from './lsp/checkCache';
import { toDiagnostic } from './lsp/diagnostics';
import { baseNameOfUri, shouldCheck } from './lsp/documentFilter';
import { DeploymentIndex } from './lsp/deploymentIndex';
import { codeActionsFor, fixAllAction, FIX_ALL_KIND } from './lsp/codeActions';
import * as features from './lsp/features';
import { SIMULATE_REQUEST, simulatePreview, type SimulateParams } from './lsp/preview';
import { WorkspaceScan } from './lsp/workspaceScan';
import { isRawSignedDocument, SignedDocuments } from './node/signed';

const CONFIG_SECTION = 'dpsProfiles';
/** The client asks for a signed profile's embedded XML to show it read-only (client/src/signed.ts). */
const SIGNED_CONTENT_REQUEST = 'dpsProfiles/signedContent';
const CHANGE_DELAY_MS = 150;
// dist/server.js → the extension root, where docs/rules/ lives.
const extensionRoot = path.resolve(__dirname, '..');

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const cache = new CheckCache();
const deployments = new DeploymentIndex();
/** Signed profiles shown as read-only `dps-signed:` documents (their text is the embedded XML). */
const signedDocuments = new SignedDocuments();
/** Workspace folders from initialize; the whole-workspace scan (closed files, cross-workspace collisions) covers them. */
let workspaceFolderPaths: string[] = [];
const workspaceScan = new WorkspaceScan({
  folders: async () => workspaceFolderPaths,
  settings: () => settingsFor(workspaceFolderPaths.length ? pathToFileURL(workspaceFolderPaths[0]).href : ''),
  // The raw bytes of a signed profile open as text are read from disk instead (unwrapped, for the view).
  openText: (uri) => {
    const text = documents.get(uri)?.getText();
    return text === undefined || isRawSignedDocument(uri, text) ? undefined : text;
  },
  publish: (params) => publish(params),
  extensionRoot,
  relatedInformation: () => sendsRelatedInformation,
  log: (message) => connection.console.log(message),
});

let pullsConfiguration = false;
let sendsRelatedInformation = false;
/** Settings pushed by the client (or given at initialize); used when we cannot pull. */
let pushedSettings: DpsSettings = normalizeSettings(undefined).settings;
/** Pulled settings per document URI; cleared whenever the configuration changes. */
const settingsByUri = new Map<string, Promise<DpsSettings>>();
/** Bumped on every configuration change so checks started with old settings are dropped. */
let settingsGeneration = 0;

const pendingChecks = new Map<string, NodeJS.Timeout>();
/** Open events also fire a content change; the open itself is checked right away. */
const justOpened = new Set<string>();
/** Documents with diagnostics on screen, so a document that stops being checked gets cleared. */
const published = new Set<string>();

function readSettings(raw: unknown, origin: string): DpsSettings {
  const { settings, warnings } = normalizeSettings(raw);
  for (const warning of warnings) connection.console.warn(`${origin}: ${warning}`);
  return settings;
}

function settingsFor(uri: string): Promise<DpsSettings> {
  if (!pullsConfiguration) return Promise.resolve(pushedSettings);
  let settings = settingsByUri.get(uri);
  if (!settings) {
    settings = connection.workspace.getConfiguration({ scopeUri: uri, section: CONFIG_SECTION }).then(
      (raw) => readSettings(raw, `settings for ${uri}`),
      (error: unknown) => {
        connection.console.error(`Could not read settings: ${describe(error)}`);
        return pushedSettings;
      },
    );
    settingsByUri.set(uri, settings);
  }
  return settings;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Publishing fails only when the client is gone; that must not become an unhandled rejection. */
function publish(params: PublishDiagnosticsParams): void {
  connection.sendDiagnostics(params).catch((error: unknown) => connection.console.error(`Could not publish diagnostics: ${describe(error)}`));
}

function validateSoon(uri: string): void {
  validate(uri).catch((error: unknown) => connection.console.error(`Checking ${uri} failed: ${describe(error)}`));
}

function cancelPending(uri: string): void {
  const timer = pendingChecks.get(uri);
  if (timer) clearTimeout(timer);
  pendingChecks.delete(uri);
}

function scheduleCheck(uri: string, delayMs: number): void {
  cancelPending(uri);
  pendingChecks.set(
    uri,
    setTimeout(() => {
      pendingChecks.delete(uri);
      validateSoon(uri);
    }, delayMs),
  );
}

/** Check the document's current version and publish, unless a newer version or newer settings came in meanwhile. */
async function validate(uri: string): Promise<void> {
  const started = documents.get(uri);
  if (!started) return;
  const generation = settingsGeneration;
  const settings = await settingsFor(uri);
  const document = documents.get(uri);
  if (!document || document.version !== started.version || generation !== settingsGeneration) return;

  if (!shouldCheck(document.languageId, uri, settings) || isRawSignedDocument(uri, document.getText())) {
    if (published.delete(uri)) publish({ uri, diagnostics: [] });
    return;
  }

  let diagnostics: Diagnostic[];
  try {
    const { result, memberIndex } = checkWithDeployment(uri, document, settings);
    const context = {
      uri,
      lineIndex: result.lineIndex,
      extensionRoot,
      relatedInformation: sendsRelatedInformation,
      version: document.version,
      lineIndexOf: (other: string) => memberIndex.get(other) ?? (documents.get(other) ? new LineIndex(documents.get(other)!.getText()) : undefined),
    };
    diagnostics = [...result.problems, ...workspaceScan.problemsFor(uri, document.getText())].map((problem) => toDiagnostic(problem, context));
  } catch (error) {
    // A bug in the core must not take the server down; keep what is on screen.
    connection.console.error(`Checking ${uri} (version ${document.version}) failed: ${describe(error)}`);
    return;
  }
  published.add(uri);
  publish({ uri, version: document.version, diagnostics });
}

/**
 * Check the document together with the other profiles of its deployment (its
 * folder), so cross-file DPS problems land where they belong. The result is
 * cached per document version, settings and the members' versions.
 */
function checkWithDeployment(uri: string, document: TextDocument, settings: DpsSettings): { result: CheckResult; memberIndex: Map<string, LineIndex>; members: number } {
  const open = new Map<string, { text: string; version: number }>();
  for (const d of documents.all()) if (!isRawSignedDocument(d.uri, d.getText())) open.set(d.uri, { text: d.getText(), version: d.version });
  const members = settings.deploymentScope === 'file' ? [] : deployments.members(uri, open, settings.preferenceDomainFiles);
  if (!members.some((m) => m.uri === uri)) members.push({ uri, text: document.getText(), stamp: `v${document.version}` });
  const settingsKey = JSON.stringify([settings.severity, settings.preferenceDomainFiles, settings.targetMacOS, settings.deviceAccessScep, settings.deploymentScope, members.map((m) => `${m.uri}@${m.stamp}`)]);
  const memberIndex = new Map<string, LineIndex>();
  const result = cache.get(uri, document.version, settingsKey, () => {
    const results = checkDeployment(
      members.map((m) => ({ documentId: m.uri, fileName: baseNameOfUri(m.uri), text: m.text, ...signedDocuments.inputExtras(m.uri) })),
      { severities: settings.severity, preferenceDomainFiles: settings.preferenceDomainFiles, targetMacOS: settings.targetMacOS, deviceAccessScep: settings.deviceAccessScep },
    );
    return results.find((r) => r.documentId === uri)!;
  });
  for (const m of members) if (m.uri !== uri) memberIndex.set(m.uri, new LineIndex(m.text));
  return { result, memberIndex, members: members.length };
}

/** The latest check of an open document that the server serves, for editor features. */
async function featureContext(uri: string): Promise<features.FeatureContext | undefined> {
  const document = documents.get(uri);
  if (!document) return undefined;
  const settings = await settingsFor(uri);
  const current = documents.get(uri);
  if (!current || !shouldCheck(current.languageId, uri, settings) || isRawSignedDocument(uri, current.getText())) return undefined;
  const { result, memberIndex, members } = checkWithDeployment(uri, current, settings);
  return {
    uri,
    document: current,
    result,
    lineIndexOf: (other) => memberIndex.get(other),
    folder: settings.deploymentScope === 'file' ? undefined : deployments.folderOf(uri),
    members,
    fileName: baseNameOfUri(uri),
    preferenceDomainFiles: settings.preferenceDomainFiles,
  };
}

/** Other open documents of the same folder: their cross-file problems may have changed. */
function revalidateSiblings(uri: string): void {
  const folder = deployments.folderOf(uri);
  if (!folder) return;
  for (const d of documents.all()) {
    if (d.uri !== uri && deployments.folderOf(d.uri) === folder) scheduleCheck(d.uri, CHANGE_DELAY_MS);
  }
}

function revalidateAll(): void {
  for (const document of documents.all()) {
    cancelPending(document.uri);
    validateSoon(document.uri);
  }
}

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  pullsConfiguration = !!capabilities.workspace?.configuration;
  sendsRelatedInformation = !!capabilities.textDocument?.publishDiagnostics?.relatedInformation;
  // Clients that cannot be asked may hand settings over at start.
  workspaceFolderPaths = (params.workspaceFolders ?? []).flatMap((f) => (f.uri.startsWith('file:') ? [fileURLToPath(f.uri)] : []));
  const initial = (params.initializationOptions as Record<string, unknown> | undefined)?.[CONFIG_SECTION];
  if (initial !== undefined) pushedSettings = readSettings(initial, 'initializationOptions');
  return {
    capabilities: {
      textDocumentSync: {
        openClose: true,
        change: TextDocumentSyncKind.Incremental,
        save: { includeText: false },
      },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.RefactorRewrite] },
      completionProvider: { triggerCharacters: ['<'] },
      hoverProvider: true,
      documentSymbolProvider: { label: 'Profile' },
      foldingRangeProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
    },
    serverInfo: { name: 'dps-profiles' },
  };
});

connection.onDidChangeConfiguration((change) => {
  settingsGeneration++;
  if (pullsConfiguration) {
    settingsByUri.clear();
  } else if (change.settings && typeof change.settings === 'object') {
    // Without a section the user has no dpsProfiles settings left: defaults apply.
    pushedSettings = readSettings((change.settings as Record<string, unknown>)[CONFIG_SECTION], 'settings');
  }
  revalidateAll();
  workspaceScan.schedule();
});

documents.onDidOpen(({ document }) => {
  justOpened.add(document.uri);
  cancelPending(document.uri);
  validateSoon(document.uri);
  revalidateSiblings(document.uri);
});

documents.onDidChangeContent(({ document }) => {
  if (justOpened.delete(document.uri)) return;
  void settingsFor(document.uri).then((settings) => {
    if (settings.validate === 'onType') {
      scheduleCheck(document.uri, CHANGE_DELAY_MS);
      revalidateSiblings(document.uri);
    }
  });
});

documents.onDidSave(({ document }) => {
  workspaceScan.schedule();
  cancelPending(document.uri);
  validateSoon(document.uri);
  revalidateSiblings(document.uri);
});

// Profiles changed on disk (git checkout, another tool): the deployments that hold them change too.
connection.onDidChangeWatchedFiles(({ changes }) => {
  workspaceScan.schedule();
  for (const change of changes) {
    deployments.invalidate(change.uri);
    const folder = deployments.folderOf(change.uri);
    for (const d of documents.all()) if (deployments.folderOf(d.uri) === folder) scheduleCheck(d.uri, CHANGE_DELAY_MS);
  }
});

connection.onCodeAction(async (params): Promise<CodeAction[]> => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (!only || only.some((k) => k === CodeActionKind.QuickFix || k.startsWith(CodeActionKind.QuickFix))) {
    actions.push(...codeActionsFor(params.context.diagnostics, document.version));
  }
  if (!only || only.some((k) => FIX_ALL_KIND.startsWith(k))) {
    const result = cache.peek(document.uri, document.version);
    const fixAll = result ? fixAllAction(document.uri, result) : undefined;
    if (fixAll) actions.push(fixAll);
  }
  actions.push(...(await features.editorActions(featureContext, params)));
  return actions;
});

// Editor features: the handlers in lsp/features.ts convert positions and call the core.
connection.onCompletion((params) => features.completion(featureContext, params));
connection.onHover((params) => features.hover(featureContext, params));
connection.onDocumentSymbol((params) => features.documentSymbols(featureContext, params));
connection.onFoldingRanges((params) => features.foldingRanges(featureContext, params));
connection.onDefinition((params) => features.definition(featureContext, params));
connection.onReferences((params) => features.references(featureContext, params));
connection.onPrepareRename((params) => features.prepareRename(featureContext, params));
connection.onRenameRequest((params) => features.rename(featureContext, params));
connection.onDocumentFormatting((params) => features.formatDocument(documents.get(params.textDocument.uri), params));
connection.onDocumentRangeFormatting((params) => features.formatDocument(documents.get(params.textDocument.uri), params));
connection.onRequest(features.DEPLOYMENT_INFO_REQUEST, (params: { uri: string }) => features.deploymentInfo(featureContext, params));
connection.onRequest(SIMULATE_REQUEST, (params: SimulateParams) => simulatePreview(featureContext, params));

// The whole workspace is checked in the background, so closed profiles show their problems too.
connection.onInitialized(() => workspaceScan.schedule(0));
connection.onRequest(SIGNED_CONTENT_REQUEST, async (params: { uri: string }) => {
  const loaded = await signedDocuments.load(params.uri);
  return loaded ? { text: loaded.text, signer: loaded.envelope.signer ?? null, verdict: loaded.verdict } : null;
});

documents.onDidClose(({ document }) => {
  const uri = document.uri;
  cancelPending(uri);
  justOpened.delete(uri);
  cache.delete(uri);
  settingsByUri.delete(uri);
  published.delete(uri);
  publish({ uri, diagnostics: [] });
  workspaceScan.documentClosed(uri);
  revalidateSiblings(uri);
});

connection.onShutdown(() => {
  workspaceScan.dispose();
  for (const uri of [...pendingChecks.keys()]) cancelPending(uri);
});

documents.listen(connection);
connection.listen();
