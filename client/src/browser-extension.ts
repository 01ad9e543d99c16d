/**
 * The web entry (`browser`), for VS Code for the Web (github.dev, vscode.dev) and
 * code-server's web-worker extension host: the language server runs in a web worker
 * (`dist/web/server.js`). Everything else is shared with the desktop in `activate.ts`.
 */
import { Uri, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { activateWith, deactivateClient } from './activate';
import { registerWebFiles } from './web-files';

// The web extension host's globals (this project type-checks without the DOM lib, so they are declared here).
type WorkerLike = ConstructorParameters<typeof LanguageClient>[3];
declare const Worker: new (url: string, options?: { name?: string }) => WorkerLike;
declare const Blob: new (parts: Uint8Array[], options?: { type?: string }) => object;
declare const URL: { createObjectURL(blob: object): string };

/**
 * The server's worker. VS Code's web host starts workers from the extension's URL, but refuses
 * `vscode-remote:` ones (an extension installed on a remote such as code-server): then the script
 * is read through the workspace file system and started from a blob. The worker's name carries the
 * extension's URI, where the server finds docs/rules/ for the diagnostics' links.
 */
async function startWorker(extensionUri: Uri): Promise<WorkerLike> {
  const serverMain = Uri.joinPath(extensionUri, 'dist/web/server.js');
  const options = { name: extensionUri.toString() };
  try {
    return new Worker(serverMain.toString(true), options);
  } catch {
    const source = await workspace.fs.readFile(serverMain);
    return new Worker(URL.createObjectURL(new Blob([source], { type: 'application/javascript' })), options);
  }
}

export function activate(context: ExtensionContext): Promise<void> {
  return activateWith(context, async (ctx, options) => {
    const client = new LanguageClient('dpsProfiles', 'DPS Profiles', options, await startWorker(ctx.extensionUri));
    // The worker cannot read files: the client answers its file requests (handlers survive restarts).
    ctx.subscriptions.push(registerWebFiles(client));
    return client;
  });
}

export const deactivate = deactivateClient;
