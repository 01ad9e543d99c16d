// A minimal LSP client for tests that start a language server as an editor other than VS Code would
// (Neovim, Helix, Zed): spawn the command, initialize, open one document, wait for its diagnostics.
import { spawn } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

export interface PublishedDiagnostic {
  code?: string | number;
  message: string;
  severity?: number;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export async function driveLanguageServer(
  command: string,
  args: string[],
  document: { uri: string; text: string },
  timeoutMs = 30_000,
): Promise<PublishedDiagnostic[]> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  // Editors without workspace/configuration support answer nothing useful: the server must use its defaults.
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification(() => undefined);
  const exited = new Promise<never>((_, reject) =>
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before publishing diagnostics\n${stderr}`))),
  );
  const diagnostics = new Promise<PublishedDiagnostic[]>((resolve) => {
    connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: PublishedDiagnostic[] }) => {
      if (params.uri === document.uri && params.diagnostics.length > 0) resolve(params.diagnostics);
    });
  });
  connection.listen();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no diagnostics within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
  });
  try {
    const work = (async () => {
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: document.uri, languageId: 'mobileconfig', version: 1, text: document.text },
      });
      return diagnostics;
    })();
    return await Promise.race([work, exited, timeout]);
  } finally {
    clearTimeout(timer);
    try {
      await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await connection.sendNotification('exit');
    } catch {
      // already gone
    }
    connection.dispose();
    setTimeout(() => child.kill(), 1000).unref();
  }
}
