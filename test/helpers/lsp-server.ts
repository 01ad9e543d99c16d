/**
 * The one way tests talk to the language server: spawn the real bundle
 * (dist/server.js) over stdio and speak JSON-RPC to it as an editor would.
 * Each test starts its own server (`startServer(t)`), so tests never depend on
 * each other's order.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection, type RequestType } from 'vscode-jsonrpc/node';
import type {
  ConfigurationParams,
  InitializeParams,
  InitializeResult,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';

/** The repository root, found from wherever this helper was bundled to (out/test/, out/test/signed/, ...). */
export const repoRoot = (() => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();
export const serverBundle = path.join(repoRoot, 'dist', 'server.js');
export const WAIT_MS = 30_000;

/** The `dpsProfiles` settings a test client hands out when the server asks. */
export type ClientSettings = Record<string, unknown>;

export interface StartOptions {
  /** Merged over the defaults (process id, no root, configuration pulled, related information shown). */
  initialize?: Partial<InitializeParams>;
  /** Answered to `workspace/configuration` for the `dpsProfiles` section. */
  settings?: ClientSettings;
  /** Leave initialize to the test (protocol tests). */
  skipInitialize?: boolean;
  /** Extra environment of the server process (DPS_PROFILES_TIMING=1 logs each check and completion). */
  env?: Record<string, string>;
}

export const DEFAULT_CAPABILITIES = { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: true } } };

export class LspServer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly connection: MessageConnection;
  readonly exited: Promise<number | null>;
  /** Every publishDiagnostics, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** The latest diagnostics per URI. */
  readonly latest = new Map<string, PublishDiagnosticsParams>();
  /** window/logMessage texts. */
  readonly logs: string[] = [];
  configurationRequests = 0;
  settings: ClientSettings;
  initializeResult: InitializeResult | undefined;
  private stderrText = '';
  private readonly rawResponses = new Map<string, { id: string; result?: unknown; error?: { code: number; message: string } }>();
  private readonly rawWaiters = new Map<string, (r: { id: string; result?: unknown; error?: { code: number; message: string } }) => void>();
  private stdoutBuffer = Buffer.alloc(0);
  private waiters: { match: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];

  constructor(settings: ClientSettings = {}, env: Record<string, string> = {}) {
    assert.ok(existsSync(serverBundle), 'dist/server.js is missing; run node scripts/build.mjs first');
    this.settings = settings;
    this.child = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: 'pipe', env: { ...process.env, ...env } });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderrText += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.connection.onRequest('workspace/configuration', (params: ConfigurationParams) => {
      this.configurationRequests++;
      return params.items.map((item) => (item.section === 'dpsProfiles' ? this.settings : null));
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', (params: { message: string }) => this.logs.push(params.message));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      this.latest.set(params.uri, params);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    this.connection.listen();
    // Responses to requests with string ids (writeRaw) are read beside the connection, which ignores them.
    this.child.stdout.on('data', (chunk: Buffer) => this.collectRawResponses(chunk));
  }

  private collectRawResponses(chunk: Buffer): void {
    this.stdoutBuffer = Buffer.concat([this.stdoutBuffer, chunk]);
    for (;;) {
      const headerEnd = this.stdoutBuffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.stdoutBuffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.stdoutBuffer.length < headerEnd + 4 + length) return;
      const body = this.stdoutBuffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.stdoutBuffer = this.stdoutBuffer.subarray(headerEnd + 4 + length);
      const message = JSON.parse(body) as { id?: unknown; result?: unknown; error?: { code: number; message: string } };
      if (typeof message.id === 'string' && !('method' in message)) {
        const response = message as { id: string; result?: unknown; error?: { code: number; message: string } };
        this.rawResponses.set(response.id, response);
        this.rawWaiters.get(response.id)?.(response);
      }
    }
  }

  get stderr(): string {
    return this.stderrText;
  }

  async initialize(params: Partial<InitializeParams> = {}): Promise<InitializeResult> {
    const result = await this.request<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: DEFAULT_CAPABILITIES,
      workspaceFolders: null,
      ...params,
    });
    this.initializeResult = result;
    this.notify('initialized', {});
    return result;
  }

  /** The next diagnostics published for `uri` that match. Register before sending what triggers them. */
  nextDiagnostics(uri: string, match: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return this.withTimeout(new Promise((resolve) => this.waiters.push({ match: (p) => p.uri === uri && match(p), resolve })), `diagnostics for ${uri}`);
  }

  /** The latest diagnostics of `uri` if they match already, else the next that do. */
  diagnosticsFor(uri: string, match: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    const seen = this.latest.get(uri);
    return seen && match(seen) ? Promise.resolve(seen) : this.nextDiagnostics(uri, match);
  }

  withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}\nserver log:\n${this.logs.join('\n')}\nstderr:\n${this.stderrText}`)),
        WAIT_MS,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  request<R>(method: string, params?: unknown): Promise<R>;
  request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R>;
  request(method: string | RequestType<unknown, unknown, void>, params?: unknown): Promise<unknown> {
    const name = typeof method === 'string' ? method : method.method;
    return this.withTimeout(this.connection.sendRequest(name, params), name);
  }

  /**
   * Write JSON-RPC messages in one write, so the server reads them together (as it does when a client outpaces it):
   * a request with its `$/cancelRequest`, a request with the edit that overtakes it. Requests sent this way must use
   * string ids; their responses are collected by `rawResponse`.
   */
  writeRaw(messages: object[]): void {
    const frames = messages.map((m) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }), 'utf8');
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
    });
    this.child.stdin.write(Buffer.concat(frames));
  }

  /** The response to a request written with `writeRaw`. */
  rawResponse(id: string): Promise<{ id: string; result?: unknown; error?: { code: number; message: string } }> {
    const seen = this.rawResponses.get(id);
    if (seen) return Promise.resolve(seen);
    return this.withTimeout(new Promise((resolve) => this.rawWaiters.set(id, resolve)), `response ${id}`);
  }

  /** Send a notification; a server already gone is the test's business (its assertions fail), not an unhandled rejection. */
  notify(method: string, params?: unknown): void {
    this.connection.sendNotification(method, params).catch(() => undefined);
  }

  open(uri: string, text: string, languageId = 'mobileconfig', version = 1): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Open and wait for the first diagnostics of this version. */
  async openChecked(uri: string, text: string, languageId = 'mobileconfig', version = 1): Promise<PublishDiagnosticsParams> {
    const published = this.nextDiagnostics(uri);
    this.open(uri, text, languageId, version);
    return published;
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): void {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): void {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** The settings changed on the client: tell the server (which pulls them, or takes them from the notification). */
  changeSettings(settings: ClientSettings): void {
    this.settings = settings;
    this.notify('workspace/didChangeConfiguration', { settings: { dpsProfiles: settings } });
  }

  /** shutdown, exit, and the process's exit code. */
  async shutdown(): Promise<number | null> {
    assert.equal(await this.request('shutdown'), null);
    this.notify('exit');
    return this.withTimeout(this.exited, 'process exit');
  }

  kill(): void {
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}

/** A server for one test, initialized (unless asked not to) and killed when the test ends. */
export async function startServer(t: TestContext, options: StartOptions = {}): Promise<LspServer> {
  const server = new LspServer(options.settings, options.env);
  t.after(() => server.kill());
  if (!options.skipInitialize) await server.initialize(options.initialize);
  return server;
}
