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
    synchronize: { configurationSection: 'dpsProfiles' },
  };
  // The id matches the settings prefix so `dpsProfiles.trace.server` works.
  return new LanguageClient('dpsProfiles', 'DPS Profiles', serverOptions, clientOptions);
}

export async function activate(context: ExtensionContext): Promise<void> {
  client = createClient(context);
  context.subscriptions.push(
    // The document selector is fixed when the client starts; new file names need a new client.
    workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration('dpsProfiles.preferenceDomainFiles')) return;
      await client?.stop();
      client = createClient(context);
      await client.start();
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
