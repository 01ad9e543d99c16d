// The real language server bundle (dist/server.js) over stdio, as an editor drives it: settings answered
// from `workspace/configuration`, requests with a timeout that shows the server's stderr.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

const root = path.resolve(__dirname, '..', '..', '..');
export const serverBundle = path.join(root, 'dist', 'server.js');

export interface ServerProcess {
  connection: MessageConnection;
  /** A request that fails (with the server's stderr) after `waitMs`. */
  request<R>(method: string, params: unknown): Promise<R>;
  stop(): void;
}

export function startServer(settings: Record<string, unknown>, waitMs = 30_000): ServerProcess {
  assert.ok(existsSync(serverBundle), 'dist/server.js is missing; run node scripts/build.mjs first');
  const child = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((i) => (i.section === 'dpsProfiles' ? settings : null)));
  const request = <R>(method: string, params: unknown): Promise<R> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${method}\nstderr:\n${stderr}`)), waitMs);
    });
    return Promise.race([connection.sendRequest<R>(method, params), timeout]).finally(() => clearTimeout(timer));
  };
  return {
    connection,
    request,
    stop() {
      connection.dispose();
      if (child.exitCode === null) child.kill();
    },
  };
}
