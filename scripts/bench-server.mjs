#!/usr/bin/env node
// The language server's own figures, measured through the real bundle (dist/server.js) over stdio, as an
// editor drives it (issue 12's server rows):
//   - folderEdit: one edit in a folder of N profiles (the shared corpus copied into one folder): the server's own
//     time for the check it runs (logged with DPS_PROFILES_TIMING=1), the time from the didChange to its
//     diagnostics minus the server's debounce, and the server process's CPU time per edit (all threads, GC included)
//   - completionAfterKeystroke: a keystroke of a new key (`<key>Pa`, typed a character at a time) in a 1 MB profile,
//     then completion right away: the completion's latency,
//     against Python plistlib's parse of the same file (the system python3)
//   - documentSymbol on a 1 MB and a 10 MB profile
// `benchServer(options)` returns the rows (for `npm run bench`); run directly it prints them.
//
//   node scripts/bench-server.mjs [--edits N] [--corpus DIR]
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const root = resolve(new URL('..', import.meta.url).pathname);
const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

/** The server's debounce after an edit (lsp/handlers/validation.ts). */
export const CHANGE_DELAY_MS = 150;
const WAIT_MS = 120_000;
/** Time between keystrokes (a steady typist) in the completion measurement. */
export const TYPING_INTERVAL_MS = 100;
/** What the typist writes in the completion measurement, a keystroke at a time. */
const TYPED_KEY = '<key>Pa';
const CLOCK_TICKS = 100; // /proc/<pid>/stat counts CPU time in clock ticks (USER_HZ, 100 on Linux)

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** CPU time (user + system) of a process so far, in ms, or undefined off Linux. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** A server over stdio with diagnostics waiters. */
async function startServer(rootUri) {
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'dist', 'server.js'), '--stdio'], {
    stdio: 'pipe',
    env: { ...process.env, DPS_PROFILES_TIMING: '1' },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = [];
  /** The server's own check durations, per `${uri}@${version}` (from its timing log lines). */
  const checkMs = new Map();
  /** The server's own time per completion request. */
  const completionMs = [];
  /** The server's own time per documentSymbol request (without sending the answer). */
  const documentSymbolMs = [];
  connection.onNotification('window/logMessage', ({ message }) => {
    const m = /^timing: checked (\S+) version (\d+) in ([\d.]+) ms$/.exec(message);
    if (m) checkMs.set(`${m[1]}@${m[2]}`, Number(m[3]));
    const c = /^timing: completion in \S+ in ([\d.]+) ms$/.exec(message);
    if (c) completionMs.push(Number(c[1]));
    const s = /^timing: documentSymbol in \S+ in ([\d.]+) ms$/.exec(message);
    if (s) documentSymbolMs.push(Number(s[1]));
    if (process.env.BENCH_SHOW_LOG) console.error(message);
  });
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    for (const w of [...waiters])
      if (w.uri === p.uri && w.match(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve({ params: p, at: performance.now() });
      }
  });
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri, capabilities: { workspace: { configuration: true } }, workspaceFolders: null });
  await connection.sendNotification('initialized', {});
  const diagnostics = (uri, match = () => true) =>
    new Promise((res, reject) => {
      waiters.push({ uri, match, resolve: res });
      setTimeout(() => reject(new Error(`no diagnostics for ${uri}\n${stderr}`)), WAIT_MS).unref();
    });
  return {
    child,
    connection,
    checkMs,
    completionMs,
    documentSymbolMs,
    diagnostics,
    open: (uri, text) => connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mobileconfig', version: 1, text } }),
    change: (uri, version, changes) => connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes }),
    async stop() {
      await connection.sendRequest('shutdown').catch(() => undefined);
      const exited = new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      await connection.sendNotification('exit').catch(() => undefined);
      await Promise.race([exited, sleep(5000)]);
      connection.dispose();
      if (child.exitCode === null) child.kill();
    },
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A profile of about `bytes` bytes: passcode payloads, each with its own identifier and UUID. */
export function bigProfile(bytes) {
  const head =
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n<dict>\n\t<key>PayloadContent</key>\n\t<array>\n';
  const tail =
    '\t</array>\n\t<key>PayloadDisplayName</key>\n\t<string>Big</string>\n\t<key>PayloadIdentifier</key>\n\t<string>com.example.big</string>\n\t<key>PayloadType</key>\n\t<string>Configuration</string>\n\t<key>PayloadUUID</key>\n\t<string>0C1B2A39-4D5E-4F60-8172-93A4B5C6D7E8</string>\n\t<key>PayloadVersion</key>\n\t<integer>1</integer>\n</dict>\n</plist>\n';
  const parts = [head];
  let size = head.length + tail.length;
  for (let i = 0; size < bytes; i++) {
    const hex = i.toString(16).toUpperCase().padStart(12, '0');
    const payload = `\t\t<dict>\n\t\t\t<key>PayloadDisplayName</key>\n\t\t\t<string>Passcode ${i}</string>\n\t\t\t<key>PayloadIdentifier</key>\n\t\t\t<string>com.example.big.passcode${i}</string>\n\t\t\t<key>PayloadType</key>\n\t\t\t<string>com.apple.mobiledevice.passwordpolicy</string>\n\t\t\t<key>PayloadUUID</key>\n\t\t\t<string>7B28FA8B-B57A-4275-BF4C-${hex}</string>\n\t\t\t<key>PayloadVersion</key>\n\t\t\t<integer>1</integer>\n\t\t\t<key>minLength</key>\n\t\t\t<integer>12</integer>\n\t\t\t<key>requireAlphanumeric</key>\n\t\t\t<true/>\n\t\t</dict>\n`;
    parts.push(payload);
    size += payload.length;
  }
  parts.push(tail);
  return parts.join('');
}

/** Median seconds of Python plistlib parsing a file in process (the system python3, not a version-manager shim). */
export function plistlibParseMs(file, runs = 7) {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const code = `import plistlib,sys,time\nb=open(sys.argv[1],'rb').read()\nplistlib.loads(b)\nts=[]\nfor _ in range(${runs}):\n  t=time.perf_counter();plistlib.loads(b);ts.append(time.perf_counter()-t)\nts.sort();print(ts[len(ts)//2]*1000)`;
  const out = spawnSync(python, ['-c', code, file], { encoding: 'utf8' });
  return out.status === 0 ? Number(out.stdout.trim()) : undefined;
}

/**
 * Edits timed after the first ones: a server just opened compiles its code as it goes (V8 optimises what runs
 * often), a person's first minute of typing warms it. The first edits' figures are reported too (`…First`).
 */
export const WARM_UP_EDITS = 20;

/** One edit after another in a folder of profiles; each waits for its diagnostics. */
async function folderEdit(corpusDir, edits) {
  const folder = mkdtempSync(join(tmpdir(), 'dps-bench-folder-'));
  try {
    const names = readdirSync(corpusDir).filter((n) => /\.(mobileconfig|plist)$/i.test(n));
    for (const name of names) cpSync(join(corpusDir, name), join(folder, name));
    const subject = names.find((n) => n.endsWith('.mobileconfig'));
    const uri = pathToFileURL(join(folder, subject)).href;
    let text = readFileSync(join(folder, subject), 'utf8');
    const server = await startServer(pathToFileURL(folder).href);
    try {
      const first = server.diagnostics(uri);
      server.open(uri, text);
      await first;
      const latency = [];
      const cpu = [];
      const work = [];
      const firstWork = [];
      for (let v = 2; v < WARM_UP_EDITS + edits + 2; v++) {
        const warmingUp = v < WARM_UP_EDITS + 2;
        await sleep(20);
        // Typing at the end of the file: a trailing space, then removing it again.
        const edit = v % 2 === 0 ? { text: ' ', at: text.length } : { text: '', at: text.length - 1 };
        const lines = text.slice(0, edit.at).split('\n');
        const pos = { line: lines.length - 1, character: lines[lines.length - 1].length };
        const end = edit.text ? pos : { line: pos.line, character: pos.character + 1 };
        text = edit.text ? text + ' ' : text.slice(0, -1);
        const published = server.diagnostics(uri, (p) => p.version === v);
        const cpuBefore = cpuMs(server.child.pid);
        const sent = performance.now();
        server.change(uri, v, [{ range: { start: pos, end }, text: edit.text }]);
        const { at } = await published;
        const cpuAfter = cpuMs(server.child.pid);
        await sleep(5); // the timing line follows the publish
        const checkMs = server.checkMs.get(`${uri}@${v}`);
        if (warmingUp) {
          if (checkMs !== undefined) firstWork.push(checkMs);
          continue;
        }
        latency.push(at - sent - CHANGE_DELAY_MS);
        if (cpuBefore !== undefined && cpuAfter !== undefined) cpu.push(cpuAfter - cpuBefore);
        if (checkMs !== undefined) work.push(checkMs);
      }
      return {
        profiles: names.length,
        edits,
        serverCheckMsMedian: work.length ? median(work) : undefined,
        serverCheckMsP95: work.length ? percentile(work, 95) : undefined,
        warmUpEdits: WARM_UP_EDITS,
        serverCheckMsMedianFirst: firstWork.length ? median(firstWork) : undefined,
        latencyMsMedian: median(latency),
        cpuMsPerEdit: cpu.length ? cpu.reduce((a, b) => a + b, 0) / cpu.length : undefined,
      };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A keystroke in a big profile, then completion and outline requests. */
async function bigFile(bytes, keystrokes) {
  const folder = mkdtempSync(join(tmpdir(), 'dps-bench-big-'));
  try {
    let text = bigProfile(bytes);
    const file = join(folder, 'big.mobileconfig');
    writeFileSync(file, text);
    const plistlibMs = plistlibParseMs(file);
    const uri = pathToFileURL(file).href;
    const server = await startServer(null);
    try {
      const first = server.diagnostics(uri);
      server.open(uri, text);
      await first;
      const symbolMs = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
        symbolMs.push(performance.now() - t0);
      }
      const completionMs = [];
      // Inside the first payload's dict, on an empty line added for the purpose (not timed), a typist writes a
      // new key, `<key>Pa`, a character at a time, asking for completion after each keystroke as an editor does;
      // then deletes it in one edit and starts again. Every text but the empty line's is malformed XML, as it is
      // while a person types.
      const anchor = text.indexOf('\t\t\t<key>PayloadVersion</key>');
      const line = text.slice(0, anchor).split('\n').length - 1;
      let version = 2;
      server.change(uri, version++, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '\n' }]);
      text = text.slice(0, anchor) + '\n' + text.slice(anchor);
      const base = text;
      let typed = '';
      for (let k = 0; k < keystrokes; k++) {
        // A typist's pace: faster than the server's debounce, so checks wait for a pause.
        await sleep(TYPING_INTERVAL_MS);
        const deleting = typed === TYPED_KEY;
        const change = deleting
          ? { range: { start: { line, character: 0 }, end: { line, character: typed.length } }, text: '' }
          : { range: { start: { line, character: typed.length }, end: { line, character: typed.length } }, text: TYPED_KEY[typed.length] };
        typed = deleting ? '' : typed + TYPED_KEY[typed.length];
        text = base.slice(0, anchor) + typed + base.slice(anchor);
        const t0 = performance.now();
        server.change(uri, version++, [change]);
        await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character: typed.length } });
        completionMs.push(performance.now() - t0);
      }
      return {
        bytes: text.length,
        plistlibParseMs: plistlibMs,
        documentSymbolMsMedian: median(symbolMs),
        serverDocumentSymbolMsMedian: server.documentSymbolMs.length ? median(server.documentSymbolMs) : undefined,
        serverCompletionMsMedian: server.completionMs.length ? median(server.completionMs) : undefined,
        completionMsMedian: median(completionMs),
        completionMsP95: percentile(completionMs, 95),
        completionOverPlistlib: plistlibMs ? median(completionMs) / plistlibMs : undefined,
      };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * The server rows: `{ folderEdit, completion1MB, documentSymbol10MB }`. The corpus folder defaults to the shared
 * corpus; without it the folder row is left out.
 */
export async function benchServer({
  corpusDir = resolve(root, '..', 'shared', 'corpus', 'files'),
  edits = 20,
  keystrokes = 10,
  bigBytes = [1_000_000, 10_000_000],
} = {}) {
  if (!existsSync(join(root, 'dist', 'server.js'))) throw new Error('dist/server.js is missing: run node scripts/build.mjs');
  const rows = {};
  if (existsSync(corpusDir)) rows.folderEdit = await folderEdit(corpusDir, edits);
  for (const bytes of bigBytes) rows[`bigFile${Math.round(bytes / 1e6)}MB`] = await bigFile(bytes, keystrokes);
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const options = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--edits') options.edits = Number(args[++i]);
    else if (args[i] === '--corpus') options.corpusDir = resolve(args[++i]);
    else if (args[i] === '--keystrokes') options.keystrokes = Number(args[++i]);
    else if (args[i] === '--sizes') options.bigBytes = args[++i].split(',').map(Number);
  }
  const rows = await benchServer(options);
  console.log(JSON.stringify(rows, null, 2));
}
