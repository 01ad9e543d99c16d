/**
 * The desktop entry (`main`): the language server runs in a node child process over IPC.
 * Everything else is shared with VS Code for the Web in `activate.ts`.
 */
import * as path from 'node:path';
import type { ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { activateWith, deactivateClient } from './activate';

export function activate(context: ExtensionContext): Promise<void> {
  return activateWith(context, (ctx, options) => {
    const serverModule = ctx.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    // The id matches the settings prefix so `dpsProfiles.trace.server` works.
    return new LanguageClient('dpsProfiles', 'DPS Profiles', serverOptions, options);
  });
}

export const deactivate = deactivateClient;
