/**
 * The DPS Profiles language server on node: the connection (stdio, node IPC,
 * socket or pipe, from the command line) and the node host (files on disk,
 * signed profiles); `lsp/start-server.ts` builds the session and its handlers.
 */
import * as path from './node/path';
import { pathToFileURL } from 'node:url';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/start-server';
import { NodeFileProvider } from './node/file-provider';
import { SignedDocuments } from './node/signed';

const connection = createConnection(ProposedFeatures.all);
startServer(connection, {
  files: new NodeFileProvider(),
  signed: new SignedDocuments(),
  // dist/server.js -> the extension root, where docs/rules/ lives.
  extensionRoot: pathToFileURL(path.resolve(__dirname, '..')).href,
  timing: process.env.DPS_PROFILES_TIMING === '1',
});
// The last line of defence: a promise nobody awaited must not end the server (each handler catches its own errors).
process.on('unhandledRejection', (reason) =>
  connection.console.error(`Unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`),
);
connection.listen();
