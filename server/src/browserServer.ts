/**
 * The DPS Profiles language server in a web worker (VS Code for the Web): the
 * connection is the worker's message port, files come from the client
 * (`web/clientFiles.ts`), and signed profiles are unwrapped from those bytes.
 * `lsp/startServer.ts` builds the same session and handlers as on node.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from './lsp/startServer';
import { ClientFileProvider } from './web/clientFiles';
import { WebSignedDocuments } from './web/signed';

/** The worker's global scope (this project type-checks without the WebWorker lib). */
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0] & { location: { href: string } };

const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
const files = new ClientFileProvider(connection);
startServer(connection, {
  files,
  signed: new WebSignedDocuments(files),
  // dist/web/server.js → the extension root, where docs/rules/ lives.
  extensionRoot: new URL('../..', self.location.href).href,
});
connection.listen();
