// A server that never falls over (issue 11): hostile and malformed messages sent to the real server over stdio
// (test/helpers/lsp-server.ts). After each, an ordinary document still gets its diagnostics, hover and completion.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, CompletionItem, Hover, MarkupContent } from 'vscode-languageserver/node';
import { SimulateRequest } from '../server/src/protocol';
import { repoRoot, startServer, type LspServer } from './helpers/lsp-server';

const PROFILE = readFileSync(path.join(repoRoot, 'examples', 'okta-dps-psso2.mobileconfig'), 'utf8');
const ORDINARY_URI = 'file:///robustness-nowhere/ordinary.mobileconfig';

/** 0-based line and character of the first `needle` (plus `delta` characters). */
function positionOf(text: string, needle: string, delta = 0) {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  const before = text.slice(0, at + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** The server still serves an ordinary document: diagnostics on open, hover on a key, completion in a dict. */
async function assertStillServes(server: LspServer, uri = ORDINARY_URI): Promise<void> {
  const { diagnostics } = await server.openChecked(uri, PROFILE);
  assert.ok(Array.isArray(diagnostics), 'diagnostics published');
  const hover = await server.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(PROFILE, '<key>TeamIdentifier', 6) });
  assert.match((hover.contents as MarkupContent).value, /TeamIdentifier/);
  const items = await server.request<CompletionItem[]>('textDocument/completion', {
    textDocument: { uri },
    position: positionOf(PROFILE, '\t\t\t<key>PayloadVersion</key>', 3),
  });
  assert.ok(items.length > 0, 'completion offers items');
  assert.equal(server.child.exitCode, null, 'the server is running');
}

/** A request that must fail with this JSON-RPC error code (and a message matching `message`). */
async function rejectsWith(server: LspServer, method: string, params: unknown, code: number, message?: RegExp): Promise<void> {
  await assert.rejects(server.connection.sendRequest(method, params), (e: { code: number; message: string }) => {
    assert.equal(e.code, code, `${method}: ${e.message}`);
    if (message) assert.match(e.message, message);
    return true;
  });
}

test('requests before initialize get ServerNotInitialized (-32002); then the server works', async (t: TestContext) => {
  const server = await startServer(t, { skipInitialize: true });
  await rejectsWith(server, 'textDocument/hover', { textDocument: { uri: ORDINARY_URI }, position: { line: 0, character: 0 } }, -32002);
  await rejectsWith(server, SimulateRequest.method, { uri: ORDINARY_URI }, -32002);
  await rejectsWith(server, 'workspace/somethingElse', {}, -32002);
  // A notification before initialize is dropped, not fatal.
  server.open('file:///robustness-nowhere/early.mobileconfig', PROFILE);
  await server.initialize();
  await assertStillServes(server);
  assert.equal(server.latest.has('file:///robustness-nowhere/early.mobileconfig'), false, 'the early didOpen was dropped');
});

test('malformed notifications are ignored with a log line', async (t) => {
  const server = await startServer(t);
  const notes: [string, unknown][] = [
    ['textDocument/didOpen', { textDocument: { languageId: 'mobileconfig', version: 1, text: PROFILE } }],
    ['textDocument/didOpen', { textDocument: { uri: 'file:///robustness-nowhere/a.mobileconfig', languageId: 'mobileconfig', version: 1 } }],
    ['textDocument/didOpen', { textDocument: { uri: 'file:///robustness-nowhere/b.mobileconfig', languageId: 'mobileconfig', version: 1, text: 42 } }],
    ['textDocument/didOpen', null],
    ['textDocument/didChange', { textDocument: { uri: ORDINARY_URI, version: 2 }, contentChanges: 'all of it' }],
    ['textDocument/didChange', { textDocument: { uri: ORDINARY_URI, version: 2 }, contentChanges: [{ text: 7 }] }],
    ['textDocument/didChange', { textDocument: { uri: ORDINARY_URI, version: 2 }, contentChanges: [{ range: { start: 1 }, text: 'x' }] }],
    ['textDocument/didClose', {}],
    ['textDocument/didSave', { textDocument: 'x' }],
    ['workspace/didChangeWatchedFiles', { changes: 'everything' }],
    ['workspace/didChangeConfiguration', 5],
  ];
  for (const [method, params] of notes) server.notify(method, params);
  await assertStillServes(server);
  const ignored = server.logs.filter((l) => l.startsWith('Ignored a malformed'));
  assert.equal(ignored.length, notes.length, ignored.join('\n'));
  assert.ok(ignored.some((l) => l.includes('textDocument.text must be a string')));
  assert.equal(server.latest.has('file:///robustness-nowhere/b.mobileconfig'), false);
});

test('invalid params get InvalidParams (-32602) with a message', async (t) => {
  const server = await startServer(t);
  await rejectsWith(server, 'textDocument/completion', { textDocument: { uri: ORDINARY_URI } }, -32602, /position must be/);
  await rejectsWith(server, 'textDocument/hover', { position: { line: 0, character: 0 } }, -32602, /textDocument\.uri must be a string/);
  await rejectsWith(
    server,
    'textDocument/codeAction',
    { textDocument: { uri: ORDINARY_URI }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    -32602,
    /context\.diagnostics/,
  );
  await rejectsWith(server, 'textDocument/formatting', { textDocument: { uri: ORDINARY_URI }, options: {} }, -32602, /tabSize/);
  await rejectsWith(server, 'textDocument/rename', { textDocument: { uri: ORDINARY_URI }, position: { line: 0, character: 0 } }, -32602, /newName/);
  await rejectsWith(server, SimulateRequest.method, { scenario: {} }, -32602, /uri must be a string/);
  await assertStillServes(server);
});

test('a code action carrying malformed fix data is skipped, never turned into an edit', async (t) => {
  const server = await startServer(t);
  await assertStillServes(server);
  const range = { start: { line: 20, character: 3 }, end: { line: 20, character: 10 } };
  const hostile = [
    { range, message: 'x', source: 'dps-profiles', code: 'DPS401', data: { fixes: 'replace everything' } },
    { range, message: 'x', source: 'dps-profiles', code: 'DPS401', data: { fixes: [{ title: 'Wipe', edits: [{ uri: ORDINARY_URI, newText: '' }] }] } },
    { range, message: 'x', source: 'dps-profiles', code: 'DPS401', data: { fixes: [{ title: 'Wipe', edits: 'all' }, null, 3] } },
  ];
  const actions = await server.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: ORDINARY_URI },
    range,
    context: { diagnostics: hostile, only: ['quickfix'] },
  });
  // Suppression comments may be offered for the code; nothing comes from the malformed fix data.
  assert.ok(!actions.some((a) => a.title === 'Wipe'), actions.map((a) => a.title).join(', '));
  assert.ok(
    actions.every((a) => /disable|suppress|ignore/i.test(a.title)),
    actions.map((a) => a.title).join(', '),
  );
  await rejectsWith(
    server,
    'textDocument/codeAction',
    { textDocument: { uri: ORDINARY_URI }, range, context: { diagnostics: [null] } },
    -32602,
    /range and a message/,
  );
  assert.ok(
    server.logs.some((l) => l.startsWith('Ignored a quick fix from the client')),
    server.logs.join('\n'),
  );
  // A well-formed fix in the same shape still works.
  const good = {
    range,
    message: 'x',
    source: 'dps-profiles',
    code: 'DPS401',
    data: { fixes: [{ title: 'Set it', edits: [{ uri: ORDINARY_URI, range, newText: 'B7F62B65BN' }] }] },
  };
  const ok = await server.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: ORDINARY_URI },
    range,
    context: { diagnostics: [good], only: ['quickfix'] },
  });
  assert.ok(
    ok.some((a) => a.title === 'Set it'),
    ok.map((a) => a.title).join(', '),
  );
  await assertStillServes(server, 'file:///robustness-nowhere/again.mobileconfig');
});

test('a rename to a value that is not a UUID is refused with a message', async (t) => {
  const server = await startServer(t);
  await assertStillServes(server);
  await rejectsWith(
    server,
    'textDocument/rename',
    { textDocument: { uri: ORDINARY_URI }, position: positionOf(PROFILE, '7B28FA8B', 2), newName: 'not-a-uuid' },
    -32803,
    /"not-a-uuid" is not a UUID/,
  );
  await assertStillServes(server, 'file:///robustness-nowhere/again.mobileconfig');
});

test('$/cancelRequest is honoured (-32800) and cancelled or superseded requests are not computed', async (t) => {
  const server = await startServer(t, { env: { DPS_PROFILES_TIMING: '1' } });
  await assertStillServes(server);
  const computedBefore = server.logs.filter((l) => l.startsWith('timing: completion')).length;
  const position = positionOf(PROFILE, '\t\t\t<key>PayloadVersion</key>', 3);
  // A burst of completions, each cancelled right after it is sent; the server reads them all at once.
  const params = { textDocument: { uri: ORDINARY_URI }, position };
  const ids = Array.from({ length: 8 }, (_, i) => `burst-${i}`);
  server.writeRaw(
    ids.flatMap((id) => [
      { id, method: 'textDocument/completion', params },
      { method: '$/cancelRequest', params: { id } },
    ]),
  );
  for (const id of ids) assert.equal((await server.rawResponse(id)).error?.code, -32800, `${id} was not cancelled`);
  // A completion overtaken by an edit of its document is answered ContentModified (-32801), not computed.
  server.writeRaw([
    { id: 'overtaken', method: 'textDocument/completion', params },
    {
      method: 'textDocument/didChange',
      params: {
        textDocument: { uri: ORDINARY_URI, version: 2 },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }],
      },
    },
  ]);
  assert.equal((await server.rawResponse('overtaken')).error?.code, -32801);
  const computed = server.logs.filter((l) => l.startsWith('timing: completion')).length - computedBefore;
  assert.equal(computed, 0, 'no cancelled or overtaken completion was computed');
  await assertStillServes(server, 'file:///robustness-nowhere/again.mobileconfig');
});

test('after shutdown, requests get InvalidRequest (-32600) and exit ends the process with 0', async (t) => {
  const server = await startServer(t);
  await assertStillServes(server);
  assert.equal(await server.request('shutdown'), null);
  await rejectsWith(server, 'textDocument/hover', { textDocument: { uri: ORDINARY_URI }, position: { line: 0, character: 0 } }, -32600);
  await rejectsWith(server, 'textDocument/completion', { textDocument: { uri: ORDINARY_URI }, position: { line: 0, character: 0 } }, -32600);
  server.notify('exit');
  assert.equal(await server.withTimeout(server.exited, 'exit'), 0);
});

test('a malformed frame (no, a wrong or a huge Content-Length; a body shorter or longer than said) is dropped, and the server answers the next ones', async (t) => {
  const server = await startServer(t);
  const frame = (body: string, header = `Content-Length: ${Buffer.byteLength(body)}`) => Buffer.from(`${header}\r\n\r\n${body}`, 'utf8');
  const note = JSON.stringify({ jsonrpc: '2.0', method: '$/setTrace', params: { value: 'off' } });
  // Each case once left the server running but deaf: every later body was read as a header.
  const cases: Buffer[] = [
    frame(note, 'Content-Type: application/vscode-jsonrpc; charset=utf-8'),
    frame(note, 'Content-Length: abc'),
    frame(note, 'Content-Length: -5'),
    frame(note, 'Content-Length: 99999999999'),
    frame(note, `Content-Length: ${Buffer.byteLength(note) - 10}`),
    // Longer than the body: it runs into the frame after it, which is lost with it.
    Buffer.concat([frame(note, `Content-Length: ${Buffer.byteLength(note) + 40}`), frame(note)]),
    Buffer.from('garbage\r\n\r\n'),
  ];
  for (const [i, bytes] of cases.entries()) {
    server.child.stdin.write(bytes);
    // A request after each: answered.
    const hover = await server.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: `file:///robustness-nowhere/none-${i}.mobileconfig` },
      position: { line: 0, character: 0 },
    });
    assert.equal(hover, null, `case ${i}`);
  }
  await assertStillServes(server);
  assert.ok(
    server.logs.some((l) => /Dropped \d+ bytes of malformed input/.test(l)),
    'the drop is logged',
  );
});
