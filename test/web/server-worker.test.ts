/**
 * The web build of the language server (`dist/web/server.js`), loaded the way a
 * browser loads a web worker: a classic script in a global scope with only web
 * APIs (`self`, `postMessage`, `atob`, WebCrypto, `URL`, timers), no `require` and
 * no `process` (but `performance`, which dedicated workers have), inside a node worker
 * thread. The test plays VS Code for the Web: it speaks LSP over the worker's messages and answers the server's file requests
 * from an in-memory `vscode-vfs:` workspace (github.dev's scheme). Also: the build
 * refuses a browser bundle that imports a node built-in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

const root = path.resolve(__dirname, '..', '..', '..');
const bundle = path.join(root, 'dist', 'web', 'server.js');
const FOLDER = 'vscode-vfs://github/acme/profiles/okta';
const OPEN = 'broken-dps.mobileconfig';
// As VS Code's web host names the worker the client starts from a blob: "<host> -> <extension URI>".
const EXTENSION_URI = 'vscode-remote://127.0.0.1:4000/ext/dps-profiles.dps-profiles-0.1.0';
const SIBLING = 'okta-dps-psso2.mobileconfig';
const files = new Map<string, Buffer>([
  [`${FOLDER}/${OPEN}`, fs.readFileSync(path.join(root, 'test', 'e2e', 'workspace', OPEN))],
  [`${FOLDER}/${SIBLING}`, fs.readFileSync(path.join(root, 'examples', SIBLING))],
]);

/** The worker's body: a web-like global scope for the bundle, bridged to the thread's port. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const vm = require('node:vm');
const { webcrypto } = require('node:crypto');
const listeners = [];
const self = {
  location: { href: workerData.href },
  name: workerData.name,
  postMessage: (message) => parentPort.postMessage(message),
  addEventListener: (type, listener) => { if (type === 'message') listeners.push(listener); },
  removeEventListener: () => {},
  set onmessage(listener) { listeners.push(listener); },
};
const scope = vm.createContext({
  self, console, atob, btoa, URL, TextEncoder, TextDecoder, queueMicrotask, structuredClone, performance,
  setTimeout, clearTimeout, setInterval, clearInterval, crypto: webcrypto,
});
scope.globalThis = scope;
parentPort.on('message', (data) => { for (const l of listeners) l({ data }); });
vm.runInContext(workerData.source, scope, { filename: 'server.js' });
`;

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

class WebWorkerServer {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, (m: Message) => void>();
  readonly diagnostics = new Map<string, { code: string; codeDescription?: { href: string } }[]>();
  readonly fileRequests: string[] = [];
  private onDiagnostics: (() => void)[] = [];

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { source: fs.readFileSync(bundle, 'utf8'), href: 'blob:https://example.invalid/1b2c', name: `Extension Host Worker -> ${EXTENSION_URI}` },
    });
    this.worker.on('message', (m: Message) => this.receive(m));
  }

  private receive(m: Message): void {
    if (m.id !== undefined && m.method === undefined) {
      this.waiting.get(m.id)?.(m);
      return;
    }
    if (m.method === 'textDocument/publishDiagnostics') {
      const p = m.params as { uri: string; diagnostics: { code: string; codeDescription?: { href: string } }[] };
      this.diagnostics.set(p.uri, p.diagnostics);
      for (const f of this.onDiagnostics) f();
      return;
    }
    if (m.id !== undefined) this.worker.postMessage({ jsonrpc: '2.0', id: m.id, result: this.answer(m.method!, m.params as Record<string, unknown>) });
  }

  /** VS Code for the Web's side: the in-memory workspace, and empty answers to everything else. */
  private answer(method: string, params: Record<string, unknown>): unknown {
    if (method.startsWith('dpsProfiles/files/')) this.fileRequests.push(method);
    const uri = params?.uri as string | undefined;
    switch (method) {
      case 'dpsProfiles/files/profilesIn':
        return [...files.keys()].filter((u) => u.slice(0, u.lastIndexOf('/')) === params.folderUri).sort();
      case 'dpsProfiles/files/findProfiles':
        return { uris: [...files.keys()].sort(), truncated: false };
      case 'dpsProfiles/files/stat':
        return uri && files.has(uri) ? { stamp: 'v1', size: files.get(uri)!.length } : null;
      case 'dpsProfiles/files/read':
        return uri && files.has(uri) ? { base64: files.get(uri)!.toString('base64') } : null;
      case 'workspace/configuration':
        return ((params.items as unknown[]) ?? []).map(() => ({}));
      default:
        return null;
    }
  }

  request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.worker.postMessage({ jsonrpc: '2.0', method, params });
  }

  async diagnosticsFor(uri: string, until: (codes: string[]) => boolean): Promise<string[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const codes = (this.diagnostics.get(uri) ?? []).map((d) => d.code).sort();
      if (until(codes)) return codes;
      if (Date.now() > deadline) throw new Error(`no matching diagnostics for ${uri}; last: ${codes.join(', ') || 'none'}`);
      // Woken by the next publish, or after a second to look at the deadline again.
      await new Promise<void>((r) => {
        this.onDiagnostics.push(r);
        setTimeout(r, 1000);
      });
      this.onDiagnostics = [];
    }
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/** The CLI's codes per file for the same two files in one folder (one deployment). */
function cliCodes(): Map<string, string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-web-'));
  try {
    for (const [uri, bytes] of files) fs.writeFileSync(path.join(dir, uri.slice(uri.lastIndexOf('/') + 1)), bytes);
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'dps-profiles.js'), 'check', dir, '--format', 'json'], { encoding: 'utf8' });
    const report = JSON.parse(r.stdout) as { files: { path: string; diagnostics: { code: string }[] }[] };
    return new Map(report.files.map((f) => [path.basename(f.path), f.diagnostics.map((d) => d.code).sort()]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the web server bundle runs in a worker scope without node and checks a vscode-vfs workspace like the CLI', async () => {
  assert.ok(fs.existsSync(bundle), 'dist/web/server.js is built by scripts/build.mjs');
  const server = new WebWorkerServer();
  try {
    const init = await server.request('initialize', {
      processId: null,
      rootUri: 'vscode-vfs://github/acme/profiles',
      workspaceFolders: [{ uri: 'vscode-vfs://github/acme/profiles', name: 'profiles' }],
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: true } } },
    });
    assert.ok((init.result as { capabilities: object }).capabilities, `initialize answered: ${JSON.stringify(init.error)}`);
    server.notify('initialized', {});
    const openUri = `${FOLDER}/${OPEN}`;
    server.notify('textDocument/didOpen', {
      textDocument: { uri: openUri, languageId: 'mobileconfig', version: 1, text: files.get(openUri)!.toString('utf8') },
    });

    const want = cliCodes();
    const own = await server.diagnosticsFor(openUri, (codes) => JSON.stringify(codes) === JSON.stringify(want.get(OPEN)));
    assert.deepEqual(own, want.get(OPEN), 'the open file gets the CLI diagnostics, cross-file ones included');
    const href = server.diagnostics.get(openUri)![0].codeDescription?.href;
    assert.match(
      href ?? '',
      new RegExp(`^${EXTENSION_URI.replace(/[.]/g, '\\.')}/docs/rules/DPS\\d{3}\\.md$`),
      'docs links point into the extension named by the worker',
    );
    // The closed sibling is read through the client and published by the workspace scan.
    const sibling = await server.diagnosticsFor(`${FOLDER}/${SIBLING}`, (codes) => JSON.stringify(codes) === JSON.stringify(want.get(SIBLING)));
    assert.deepEqual(sibling, want.get(SIBLING));
    assert.ok(server.fileRequests.includes('dpsProfiles/files/read'), 'the server read the sibling through the client');

    const hover = await server.request('textDocument/hover', { textDocument: { uri: openUri }, position: { line: 12, character: 12 } });
    assert.equal(hover.error, undefined, 'hover works in the worker');
    const completion = await server.request('textDocument/completion', { textDocument: { uri: openUri }, position: { line: 10, character: 0 } });
    assert.equal(completion.error, undefined, 'completion works in the worker');
    const symbols = (await server.request('textDocument/documentSymbol', { textDocument: { uri: openUri } })).result as unknown[];
    assert.ok(Array.isArray(symbols) && symbols.length > 0, 'the outline works in the worker');
  } finally {
    await server.terminate();
  }
});

test('a browser bundle that imports a node built-in fails the build', async () => {
  const esbuild = await import('esbuild');
  const { browser } = (await import(path.join(root, 'scripts', 'browser-bundle.mjs'))) as { browser(): object };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-web-build-'));
  try {
    fs.writeFileSync(path.join(dir, 'entry.ts'), "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n");
    await assert.rejects(
      esbuild.build({ entryPoints: [path.join(dir, 'entry.ts')], bundle: true, write: false, logLevel: 'silent', ...browser() }),
      /node built-in "node:fs" imported by .*entry\.ts in a browser bundle/,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
