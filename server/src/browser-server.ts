/**
 * The DPS Profiles language server in a web worker (VS Code for the Web): the
 * connection is the worker's message port, files come from the client
 * (`web/client-files.ts`), and signed profiles are unwrapped from those bytes.
 * `lsp/start-server.ts` builds the same session and handlers as on node.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from './lsp/start-server';
import { ClientFileProvider } from './web/client-files';
import { WebSignedDocuments } from './web/signed';

/** The worker's global scope (this project type-checks without the WebWorker lib). */
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0] & { name: string; location: { href: string } };

/**
 * The extension root, where docs/rules/ lives. The client names the worker after the extension's
 * URI, because the script may run from a blob; VS Code's web host prefixes worker names
 * (`<host> -> <name>`), so the URI is the part after the last arrow. Otherwise: dist/web/server.js → root.
 */
function extensionRoot(): string {
  const named = /(?:^|-> )([a-z][a-z0-9+.-]*:\/\/\S*)$/i.exec(self.name ?? '')?.[1];
  return named ?? new URL('../..', self.location.href).href;
}

const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
const files = new ClientFileProvider(connection);
startServer(connection, {
  files,
  signed: new WebSignedDocuments(files),
  extensionRoot: extensionRoot(),
});
connection.listen();
