/**
 * The VS Code side, the same on the desktop and in VS Code for the Web: keeps the
 * language server informed about the `dpsProfiles` settings, and shows the active
 * profile's deployment and target macOS in the status bar. Editor features are the
 * server's. `extension.ts` (node: the server in a child process) and
 * `browser-extension.ts` (web: the server in a web worker) only say how the server starts.
 */
import { commands, languages, StatusBarAlignment, window, workspace, type ExtensionContext, type StatusBarItem, type TextEditor } from 'vscode';
import type { BaseLanguageClient, DocumentSelector, LanguageClientOptions } from 'vscode-languageclient';
import { registerPreview } from './preview';
import { registerSignedProfiles } from './signed';
import { DeploymentInfoRequest, type DeploymentInfo } from '../../server/src/protocol';

/** How one host (node or web worker) starts the server for these client options. */
export type ServerStarter = (context: ExtensionContext, options: LanguageClientOptions) => BaseLanguageClient | Promise<BaseLanguageClient>;

let client: BaseLanguageClient | undefined;

/** The last segment of a path or URI path, without node's `path` (not in the web host). */
function baseName(p: string): string {
  return (
    p
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? p
  );
}

/** Glob-quote a literal file name so `[`, `*`, `{` … in it match themselves. */
function literalGlob(name: string): string {
  return name.replace(/[[\]{}*?!]/g, (c) => `[${c}]`);
}

function documentSelector(): DocumentSelector {
  const extraFiles = workspace.getConfiguration('dpsProfiles').get<Record<string, unknown>>('preferenceDomainFiles') ?? {};
  return [
    { language: 'mobileconfig' },
    { pattern: '**/com.okta.mobile*.plist' },
    // Files the user maps to a preference domain may carry any language id.
    ...Object.keys(extraFiles).map((name) => ({ pattern: `**/${literalGlob(name)}` })),
  ];
}

function clientOptions(): LanguageClientOptions {
  return {
    documentSelector: documentSelector(),
    synchronize: {
      configurationSection: 'dpsProfiles',
      // Profiles deployed together live in one folder; the server re-checks when any of them changes on disk,
      // and when a project config file (.dps-profiles.json) does.
      fileEvents: [workspace.createFileSystemWatcher('**/*.{mobileconfig,plist}'), workspace.createFileSystemWatcher('**/.dps-profiles.json')],
    },
  };
}

/** Starts and restarts run one after another, so a restart never meets a half-started client. */
let lifecycle: Promise<void> = Promise.resolve();

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  try {
    await running?.stop();
  } catch {
    // It never got running (e.g. the server failed to start): nothing to stop.
  }
}

const SHOW_INFO_COMMAND = 'dpsProfiles.showDeploymentInfo';

let statusItem: StatusBarItem | undefined;
let lastInfo: { uri: string; info: DeploymentInfo } | undefined;
/** Answers for an editor that is no longer active are dropped. */
let statusRequest = 0;

async function askDeploymentInfo(uri: string): Promise<DeploymentInfo | null> {
  if (!client || !client.isRunning()) return null;
  try {
    return await client.sendRequest(DeploymentInfoRequest, { uri });
  } catch {
    return null; // the server restarts or does not serve this document
  }
}

async function refreshStatus(editor: TextEditor | undefined = window.activeTextEditor): Promise<void> {
  const item = statusItem;
  if (!item) return;
  const request = ++statusRequest;
  const uri = editor?.document.uri.toString();
  const info = uri ? await askDeploymentInfo(uri) : null;
  if (request !== statusRequest) return;
  if (!uri || !info) {
    lastInfo = undefined;
    item.hide();
    return;
  }
  lastInfo = { uri, info };
  const folder = info.folder ? baseName(info.folder) : undefined;
  item.text = `$(device-desktop) macOS ${info.target}${info.targetSource === 'setting' ? '' : ` (${info.targetSource})`}${folder ? ` · ${folder} (${info.members} ${info.members === 1 ? 'profile' : 'profiles'})` : ''}`;
  item.tooltip = [
    `Target macOS ${info.target} (Platform SSO ${info.psso}) — ${info.reason || info.targetSource}`,
    folder ? `Checked together with the ${info.members} profile(s) in ${info.folder}` : 'Checked on its own',
    'Set dpsProfiles.targetMacOS to choose the target.',
  ].join('\n');
  item.show();
}

async function showDeploymentInfo(): Promise<void> {
  const uri = window.activeTextEditor?.document.uri.toString();
  const info = uri ? await askDeploymentInfo(uri) : lastInfo?.info;
  if (!info) {
    void window.showInformationMessage('The active editor is not a profile DPS Profiles checks.');
    return;
  }
  const where = info.folder ? `deployed with the ${info.members} profile(s) in ${info.folder}` : 'checked on its own';
  const choice = await window.showInformationMessage(
    `Target macOS ${info.target} (${info.targetSource}, Platform SSO ${info.psso}): ${info.reason}. This profile is ${where}.`,
    'Set target macOS',
  );
  if (choice) await commands.executeCommand('workbench.action.openSettings', 'dpsProfiles.targetMacOS');
}

export async function activateWith(context: ExtensionContext, startServer: ServerStarter): Promise<void> {
  statusItem = window.createStatusBarItem('dpsProfiles.deployment', StatusBarAlignment.Right, 100);
  statusItem.name = 'DPS Profiles: deployment';
  statusItem.command = SHOW_INFO_COMMAND;
  context.subscriptions.push(
    statusItem,
    commands.registerCommand(SHOW_INFO_COMMAND, showDeploymentInfo),
    registerPreview(context, () => client),
    registerSignedProfiles(() => client),
    window.onDidChangeActiveTextEditor((editor) => void refreshStatus(editor)),
    // A new check of the active document (an edit, a sibling file, a settings change) may move the target.
    languages.onDidChangeDiagnostics((event) => {
      const active = window.activeTextEditor?.document.uri.toString();
      if (active && event.uris.some((u) => u.toString() === active)) void refreshStatus();
    }),
  );
  context.subscriptions.push(
    // The document selector is fixed when the client starts; new file names need a new client.
    workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('dpsProfiles.preferenceDomainFiles')) return;
      // A failed earlier step must not block this one; the client reports start failures itself.
      lifecycle = lifecycle
        .catch(() => undefined)
        .then(async () => {
          await stopClient();
          client = await startServer(context, clientOptions());
          await client.start();
        });
      lifecycle.catch(() => undefined);
    }),
  );
  lifecycle = lifecycle.then(async () => {
    client = await startServer(context, clientOptions());
    await client.start();
  });
  await lifecycle;
  void refreshStatus();
}

export async function deactivateClient(): Promise<void> {
  await lifecycle.catch(() => undefined);
  await stopClient();
}
