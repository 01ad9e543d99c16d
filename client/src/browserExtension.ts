/**
 * The web entry (`browser`), for VS Code for the Web (github.dev, vscode.dev) and
 * code-server's web-worker extension host: the language server runs in a web worker
 * (`dist/web/server.js`). Everything else is shared with the desktop in `activate.ts`.
 */
import { Uri, type ExtensionContext } from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { activateWith, deactivateClient } from './activate';
import { registerWebFiles } from './webFiles';

/** The web extension host's `Worker` (this project type-checks without the DOM lib, so it is declared here). */
declare const Worker: new (url: string) => ConstructorParameters<typeof LanguageClient>[3];

export function activate(context: ExtensionContext): Promise<void> {
  return activateWith(context, (ctx, options) => {
    const serverMain = Uri.joinPath(ctx.extensionUri, 'dist/web/server.js');
    const worker = new Worker(serverMain.toString(true));
    const client = new LanguageClient('dpsProfiles', 'DPS Profiles', options, worker);
    // The worker cannot read files: the client answers its file requests (handlers survive restarts).
    ctx.subscriptions.push(registerWebFiles(client));
    return client;
  });
}

export const deactivate = deactivateClient;
