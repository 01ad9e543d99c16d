/**
 * The VS Code side: starts the bundled language server over node IPC and keeps
 * it informed about the `dpsProfiles` settings. Editor features come later.
 */
import * as path from 'node:path';
import { workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { DocumentSelector, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

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

function createClient(context: ExtensionContext): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    synchronize: {
      configurationSection: 'dpsProfiles',
      // Profiles deployed together live in one folder; the server re-checks when any of them changes on disk.
      fileEvents: workspace.createFileSystemWatcher('**/*.{mobileconfig,plist}'),
    },
  };
  // The id matches the settings prefix so `dpsProfiles.trace.server` works.
  return new LanguageClient('dpsProfiles', 'DPS Profiles', serverOptions, clientOptions);
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

export async function activate(context: ExtensionContext): Promise<void> {
  context.subscriptions.push(
    // The document selector is fixed when the client starts; new file names need a new client.
    workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('dpsProfiles.preferenceDomainFiles')) return;
      // A failed earlier step must not block this one; the client reports start failures itself.
      lifecycle = lifecycle
        .catch(() => undefined)
        .then(async () => {
          await stopClient();
          client = createClient(context);
          await client.start();
        });
      lifecycle.catch(() => undefined);
    }),
  );
  lifecycle = lifecycle.then(() => {
    client = createClient(context);
    return client.start();
  });
  await lifecycle;
}

export async function deactivate(): Promise<void> {
  await lifecycle.catch(() => undefined);
  await stopClient();
}
