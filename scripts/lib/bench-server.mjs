// The language-server rows of `npm run bench`, measured through dist/server.js over stdio (the real
// server, the LSP protocol only, so the figures hold whatever the server's inside looks like):
//   - one edit in a folder of the corpus's profiles: the server's CPU time (Linux /proc) from the edit
//     until it is idle again, per edit, and the wall time until the edited file's diagnostics arrive
//   - completion right after a keystroke in a ~1 MB profile: the server's CPU from the keystroke to the
//     completion answer (and the wall time), against plistlib's parse of that file (CPU, in process)
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeBigProfile } from './big-profile.mjs';

const TICK_MS = 1000 / 100; // USER_HZ: /proc times are in clock ticks of 10 ms

/** A minimal LSP client over stdio: requests, notifications, and the server's own requests answered. */
function startServer(serverJs, onNotification) {
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  let buffer = Buffer.alloc(0);
  let nextId = 1;
  const pending = new Map();
  const send = (msg) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  child.stdout.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString('latin1'))?.[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const msg = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      buffer = buffer.subarray(headerEnd + 4 + length);
      if (msg.id !== undefined && msg.method === undefined) {
        pending.get(msg.id)?.(msg);
        pending.delete(msg.id);
      } else if (msg.id !== undefined) {
        // The server asks: settings (defaults), capability registration, progress: all answered plainly.
        const result = msg.method === 'workspace/configuration' ? (msg.params?.items ?? []).map(() => ({})) : null;
        send({ id: msg.id, result });
      } else onNotification(msg);
    }
  });
  return {
    pid: child.pid,
    request: (method, params) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, (msg) => (msg.error ? reject(new Error(`${method}: ${msg.error.message}`)) : resolve(msg.result)));
        send({ id, method, params });
      }),
    notify: (method, params) => send({ method, params }),
    stop: async () => {
      try {
        await Promise.race([new Promise((r) => setTimeout(r, 2000)), (async () => {
          const id = nextId++;
          await new Promise((resolve) => {
            pending.set(id, resolve);
            send({ id, method: 'shutdown' });
          });
          send({ method: 'exit' });
        })()]);
      } finally {
        child.kill();
      }
    },
  };
}

/** user + sys CPU of a process, ms (Linux). */
function cpuOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Waits until the process has used no CPU for `quietMs`. */
async function settle(pid, quietMs = 400, limitMs = 120_000) {
  const until = Date.now() + limitMs;
  let last = cpuOf(pid);
  let quietSince = Date.now();
  while (Date.now() < until) {
    await sleep(50);
    const now = cpuOf(pid);
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) return;
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Opens `file` in a server started on `folder`; returns helpers to edit it and wait for its diagnostics. */
async function openInServer(root, folder, file) {
  const waiters = [];
  const server = startServer(join(root, 'dist', 'server.js'), (msg) => {
    if (msg.method !== 'textDocument/publishDiagnostics') return;
    for (const w of [...waiters]) if (w.uri === msg.params.uri && (w.version === undefined || msg.params.version === undefined || msg.params.version >= w.version)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const uri = pathToFileURL(file).href;
  const diagnosticsFor = (version) => new Promise((resolve) => waiters.push({ uri, version, resolve }));
  await server.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: basename(folder) }],
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } } },
  });
  server.notify('initialized', {});
  const text = readFileSync(file, 'utf8');
  const first = diagnosticsFor(1);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'mobileconfig', version: 1, text } });
  await first;
  await settle(server.pid);
  return { server, uri, text, diagnosticsFor };
}

/** Position (line, character) of an offset. */
function positionAt(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export async function measureServerRows({ root, files, python, rounds, work, core, goals }) {
  if (!existsSync(`/proc/${process.pid}/stat`)) {
    console.log('The language-server rows need /proc (Linux) for the server\'s CPU time: skipped.');
    return {};
  }
  const rows = {};
  const edits = Math.max(5, rounds);

  // 4. one edit in a folder of the corpus's profiles
  {
    const folder = join(work, 'folder');
    mkdirSync(folder, { recursive: true });
    for (const f of files) copyFileSync(f, join(folder, basename(f)));
    const edited = join(folder, 'okta-dps-psso2.mobileconfig');
    copyFileSync(join(root, 'examples', 'okta-dps-psso2.mobileconfig'), edited);
    const { server, uri, text, diagnosticsFor } = await openInServer(root, folder, edited);
    const at = text.indexOf('<string>Okta</string>') + '<string>Okta'.length;
    const cpu = [];
    const wall = [];
    for (let v = 2; v < 2 + edits; v++) {
      const before = cpuOf(server.pid);
      const t0 = performance.now();
      const published = diagnosticsFor(v);
      // Type one character, as an editor sends it (incremental sync is not assumed: full text).
      server.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: text.slice(0, at) + 'x'.repeat(v - 1) + text.slice(at) }] });
      await published;
      wall.push(performance.now() - t0);
      await settle(server.pid);
      cpu.push(cpuOf(server.pid) - before);
    }
    await server.stop();
    const ms = median(cpu);
    rows.serverEdit = {
      label: `language server, one edit in a folder of ${files.length + 1} profiles`,
      measuredText: `${ms.toFixed(0)} ms CPU`,
      goalText: `≤ ${goals.serverEditMs} ms`,
      pass: ms <= goals.serverEditMs,
      detail: `server CPU per edit until idle (median of ${edits}, 10 ms ticks); diagnostics after ${median(wall).toFixed(0)} ms wall, debounce included`,
      cpuMs: ms,
      wallMs: median(wall),
      edits,
    };
  }

  // 5. completion after a keystroke in a ~1 MB profile, against plistlib's parse of that file
  {
    const dir = join(work, 'one-mb');
    mkdirSync(dir, { recursive: true });
    const big = writeBigProfile(core, join(root, 'examples', 'okta-dps-psso2.mobileconfig'), join(dir, 'one-mb.mobileconfig'), 1200);
    const py = spawnSync(python, ['-c', [
      'import plistlib, sys, time',
      'data = open(sys.argv[1], "rb").read()',
      'plistlib.loads(data)',
      'ts = []',
      'for _ in range(int(sys.argv[2])):',
      '    t = time.process_time(); plistlib.loads(data); ts.append((time.process_time() - t) * 1000)',
      'ts.sort(); print(ts[len(ts) // 2])',
    ].join('\n'), big.path, String(Math.max(5, rounds))], { encoding: 'utf8' });
    if (py.status !== 0) throw new Error(`plistlib on the 1 MB profile failed: ${py.stderr}`);
    const plistlibMs = Number(py.stdout.trim());
    const { server, uri, text } = await openInServer(root, dir, big.path);
    // Inside the first payload's PlatformSSO dict, where a new key would go.
    const at = text.indexOf('<key>AuthenticationMethod</key>');
    const wall = [];
    const cpu = [];
    let items = 0;
    for (let v = 2; v < 2 + edits; v++) {
      const typed = text.slice(0, at) + '<key>' + text.slice(at);
      const offset = at + '<key>'.length;
      const before = cpuOf(server.pid);
      const t0 = performance.now();
      server.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: typed }] });
      const result = await server.request('textDocument/completion', { textDocument: { uri }, position: positionAt(typed, offset) });
      wall.push(performance.now() - t0);
      cpu.push(cpuOf(server.pid) - before);
      items = (Array.isArray(result) ? result : (result?.items ?? [])).length;
      await settle(server.pid);
      // Back to the original text before the next keystroke.
      server.notify('textDocument/didChange', { textDocument: { uri, version: v + 1000 }, contentChanges: [{ text }] });
      await settle(server.pid);
    }
    await server.stop();
    if (items === 0) throw new Error('the completion request returned no items: the measurement would be meaningless');
    const latency = median(wall);
    const serverCpu = median(cpu);
    // CPU against CPU, like the other rows (wall time on a busy machine measures the machine).
    const ratio = serverCpu / plistlibMs;
    rows.completion = {
      label: `language server, completion after a keystroke in a ${(big.bytes / 1e6).toFixed(1)} MB profile ÷ plistlib's parse of that file`,
      measuredText: `${ratio.toFixed(1)}× (${serverCpu.toFixed(0)} ms CPU)`,
      goalText: `≤ ${goals.completion}×`,
      pass: ratio <= goals.completion,
      detail: `server CPU from keystroke to answer ${serverCpu.toFixed(0)} ms (10 ms ticks), answer after ${latency.toFixed(0)} ms wall; plistlib parse ${plistlibMs.toFixed(1)} ms CPU; ${items} items`,
      ratio,
      wallMs: latency,
      cpuMs: serverCpu,
      plistlibParseMs: plistlibMs,
      bytes: big.bytes,
    };
  }
  return rows;
}
