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
import { LspFrameGuard } from './node/lsp-frames';
import { SignedDocuments } from './node/signed';

// Over stdio (other editors, `dps-profiles lsp --stdio`) the input passes a guard that drops malformed frames and
// finds the next good one (node/lsp-frames.ts); the other transports (VS Code's IPC) carry messages, not bytes.
let droppedReports = 0;
const stdio = process.argv.includes('--stdio');
const connection = stdio
  ? createConnection(
      ProposedFeatures.all,
      process.stdin.pipe(
        new LspFrameGuard((bytes, why) => {
          // Said a few times at most: hostile input could otherwise fill the log.
          if (++droppedReports <= 10)
            connection.console.warn(`Dropped ${bytes} bytes of malformed input (${why}); reading on from the next Content-Length header.`);
        }),
      ),
      process.stdout,
    )
  : createConnection(ProposedFeatures.all);
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
