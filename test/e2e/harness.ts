/**
 * Process plumbing for the real-VS-Code suite: code-server and the language
 * server are started in their own process groups and stopped by id.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Poll a condition (files, logs) until it holds; UI conditions use Playwright's own waits instead. */
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stop a detached child and everything in its process group: SIGTERM, then SIGKILL if it lingers. */
export async function stopGroup(child: ChildProcess | undefined, graceMs = 8000): Promise<void> {
  const pid = child?.pid;
  if (!pid || !groupAlive(pid)) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  try {
    await waitUntil(`process group ${pid} to exit`, () => !groupAlive(pid), graceMs, 100);
  } catch {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await waitUntil(`process group ${pid} to die`, () => !groupAlive(pid), 5000, 100);
  }
}

export interface CodeServer {
  child: ChildProcess;
  url: string;
  logFile: string;
}

export interface CodeServerOptions {
  bin: string;
  userDataDir: string;
  extensionsDir: string;
  configFile: string;
  logFile: string;
  env: NodeJS.ProcessEnv;
}

function codeServerArgs(o: CodeServerOptions): string[] {
  return ['--config', o.configFile, '--user-data-dir', o.userDataDir, '--extensions-dir', o.extensionsDir];
}

/** `code-server --install-extension file.vsix`: local file only, no gallery lookup. */
export function installExtension(o: CodeServerOptions, vsix: string): string {
  const r = spawnSync(o.bin, [...codeServerArgs(o), '--install-extension', vsix], { env: o.env, encoding: 'utf8', timeout: 120_000 });
  const output = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`installing ${vsix} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${output}`);
  }
  return output.trim();
}

export async function startCodeServer(o: CodeServerOptions, workspace: string): Promise<CodeServer> {
  const port = await freePort();
  const out = fs.openSync(o.logFile, 'a');
  const child = spawn(
    o.bin,
    [
      ...codeServerArgs(o),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      workspace,
    ],
    { env: o.env, detached: true, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  let exited: string | undefined;
  child.on('exit', (code, signal) => (exited = `exit ${code ?? signal}`));
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    `code-server to listen on ${url}`,
    async () => {
      if (exited) throw new Error(`code-server stopped (${exited}):\n${fs.readFileSync(o.logFile, 'utf8')}`);
      try {
        const response = await fetch(`${url}/healthz`);
        return response.ok;
      } catch {
        return false;
      }
    },
    60_000,
  );
  return { child, url, logFile: o.logFile };
}

/** All files under dir whose name passes the test (code-server's logs sit in dated folders). */
export function findFiles(dir: string, test: (name: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) found.push(...findFiles(p, test));
    else if (test(e.name)) found.push(p);
  }
  return found;
}

/**
 * The capabilities the packaged language server announces, asked over stdio
 * the way VS Code asks at start. Decides which editor features the suite must see.
 */
export async function serverCapabilities(serverJs: string): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const send = (message: object): void => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    child.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin!.write(body);
  };
  try {
    const reply = new Promise<Record<string, unknown>>((resolve, reject) => {
      let buffer = Buffer.alloc(0);
      child.on('exit', (code) => reject(new Error(`language server exited (${code}) before answering initialize`)));
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
          const headerEnd = buffer.indexOf('\r\n\r\n');
          if (headerEnd < 0) return;
          const length = Number(/Content-Length: (\d+)/i.exec(buffer.toString('ascii', 0, headerEnd))?.[1]);
          if (buffer.length < headerEnd + 4 + length) return;
          const message = JSON.parse(buffer.toString('utf8', headerEnd + 4, headerEnd + 4 + length)) as {
            id?: number;
            result?: { capabilities?: Record<string, unknown> };
          };
          buffer = buffer.subarray(headerEnd + 4 + length);
          if (message.id === 1) resolve(message.result?.capabilities ?? {});
        }
      });
    });
    send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
    const capabilities = await Promise.race([
      reply,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('language server did not answer initialize within 20 s')), 20_000)),
    ]);
    send({ id: 2, method: 'shutdown' });
    send({ method: 'exit' });
    return capabilities;
  } finally {
    await stopGroup(child, 3000);
  }
}
