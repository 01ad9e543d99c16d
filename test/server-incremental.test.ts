// Incremental work in the real server (issue 12): an edit parses only the edited document, and completion after a
// keystroke answers from the tree the server keeps instead of waiting for a parse or a check of the new version.
// Parses are counted from the server's `timing: parsed <uri> <stamp>` log lines (DPS_PROFILES_TIMING=1), which
// travel on the same stream as the responses, so "before the response" is an order, not a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionItem } from 'vscode-languageserver/node';
import { repoRoot, startServer, type LspServer } from './helpers/lsp-server';

const PROFILE = readFileSync(path.join(repoRoot, 'examples', 'okta-dps-psso2.mobileconfig'), 'utf8');
const TIMING = { DPS_PROFILES_TIMING: '1' };

/** 0-based line and character of an offset. */
function positionAt(text: string, offset: number) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** How many times the server parsed this stamp (`v2`, or any stamp when omitted) of the document. */
function parses(server: LspServer, uri: string, stamp?: string): number {
  return server.logs.filter((l) => l.startsWith(`timing: parsed ${uri} ${stamp ?? ''}`)).length;
}

/** Insert `text` at `offset` as version `version`; the new text. */
function insert(server: LspServer, uri: string, before: string, offset: number, text: string, version: number): string {
  const at = positionAt(before, offset);
  server.change(uri, version, [{ range: { start: at, end: at }, text }]);
  return before.slice(0, offset) + text + before.slice(offset);
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label).sort();

test('completion after typing a new line answers from the kept tree: the new version is parsed afterwards, by its check', async (t) => {
  const server = await startServer(t, { env: TIMING });
  const uri = 'file:///incremental-nowhere/typing.mobileconfig';
  await server.openChecked(uri, PROFILE);
  const anchor = PROFILE.indexOf('\t\t\t<key>PayloadVersion</key>');
  const before = await server.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionAt(PROFILE, anchor) });
  assert.equal(parses(server, uri, 'v1'), 1);

  // A new, indented line in the payload's dict, then completion on it right away.
  const checked = server.nextDiagnostics(uri, (p) => p.version === 2);
  const text = insert(server, uri, PROFILE, anchor, '\t\t\t\n', 2);
  const items = await server.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionAt(text, anchor + 3) });
  assert.equal(parses(server, uri, 'v2'), 0, 'completion did not parse version 2');
  assert.deepEqual(labels(items), labels(before), 'the same keys are offered as on the line before the edit');
  assert.ok(items.some((i) => i.label === 'PayloadDescription'));

  await checked;
  assert.equal(parses(server, uri, 'v2'), 1, 'the check parsed version 2, once');
});

test('completion on a half-typed tag takes the parse of the version before it; a version with no kept tree is parsed once, for completion and check', async (t) => {
  const server = await startServer(t, { env: TIMING });
  const uri = 'file:///incremental-nowhere/tag.mobileconfig';
  await server.openChecked(uri, PROFILE);
  const anchor = PROFILE.indexOf('\t\t\t<key>PayloadVersion</key>');

  // `<ke` typed: the text without it is version 1, already parsed.
  const typed = insert(server, uri, PROFILE, anchor + 3, '<ke', 2);
  const items = await server.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionAt(typed, anchor + 6) });
  assert.ok(items.some((i) => i.label === 'PayloadDescription'));
  assert.equal(parses(server, uri, 'v2'), 0, 'completion did not parse version 2');
  await server.diagnosticsFor(uri, (p) => p.version === 2);

  // Version 2 does not parse cleanly (`<ke` is no element), so after a new line in version 3 no kept tree stands for
  // the text: completion parses version 3 itself, and the check takes that parse instead of making another.
  const later = typed.lastIndexOf('\t<key>PayloadVersion</key>');
  assert.ok(later > anchor);
  const checked = server.nextDiagnostics(uri, (p) => p.version === 3);
  const edited = insert(server, uri, typed, later, '\t\n', 3);
  const again = await server.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionAt(edited, later + 1) });
  assert.ok(again.length > 0);
  assert.equal(parses(server, uri, 'v3'), 1, 'completion parsed version 3');
  await checked;
  assert.equal(parses(server, uri, 'v3'), 1, 'the check reused that parse');
});

test('an edit in a folder parses only the edited document; the other members come from the analysis cache', async (t) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'dps-incremental-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const names = ['a.mobileconfig', 'b.mobileconfig', 'c.mobileconfig'];
  names.forEach((name, i) => writeFileSync(path.join(folder, name), PROFILE.replace(/(<key>PayloadIdentifier<\/key>\s*<string>)/, `$1n${i}.`)));
  const [edited, ...siblings] = names.map((name) => pathToFileURL(path.join(folder, name)).href);
  const server = await startServer(t, { env: TIMING });
  const text = readFileSync(path.join(folder, names[0]), 'utf8');
  await server.openChecked(edited, text);
  for (const uri of siblings) assert.equal(parses(server, uri), 1, `${uri} parsed for the first check`);

  let current = text;
  for (let version = 2; version <= 4; version++) {
    const checked = server.nextDiagnostics(edited, (p) => p.version === version);
    current = insert(server, edited, current, current.length, ' ', version);
    await checked;
    assert.equal(parses(server, edited, `v${version}`), 1);
  }
  for (const uri of siblings) assert.equal(parses(server, uri), 1, `${uri} was not parsed again`);
});

test('a rescan publishes only the closed files whose diagnostics changed; a closed editor gets its file diagnostics back', async (t) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'dps-rescan-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const variant = (i: number) =>
    PROFILE.replace(/([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{10})[0-9A-Fa-f]{2}/g, `$1${i}${i}`).replace(
      /(<key>PayloadIdentifier<\/key>\s*<string>)/g,
      `$1n${i}.`,
    );
  const unknownKey = (text: string, key: string) => text.replace('<dict>', `<dict>\n\t<key>${key}</key>\n\t<string>x</string>`);
  const files = ['a', 'b', 'c'].map((name, i) => ({
    path: path.join(folder, `${name}.mobileconfig`),
    text: i === 0 ? unknownKey(variant(i), 'AlsoNotAKey') : variant(i),
  }));
  for (const f of files) writeFileSync(f.path, f.text);
  const uris = files.map((f) => pathToFileURL(f.path).href);
  const server = await startServer(t, {
    initialize: {
      rootUri: pathToFileURL(folder).href,
      capabilities: { workspace: { configuration: true, workspaceFolders: true } },
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'ws' }],
    },
  });
  const scans = () => server.logs.filter((l) => l.startsWith('Workspace scan:')).length;
  const untilScans = async (n: number) => {
    while (scans() < n) await new Promise((r) => setTimeout(r, 20));
  };
  await server.withTimeout(untilScans(1), 'the first scan');
  for (const uri of uris) assert.ok(server.latest.has(uri), `${uri} published by the first scan`);

  // c changes on disk: an unknown key in its top-level dictionary.
  const before = server.latest.get(uris[2])!.diagnostics.length;
  const publishedBefore = server.published.length;
  writeFileSync(files[2].path, unknownKey(files[2].text, 'NotAProfileKey'));
  server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uris[2], type: 2 }] });
  await server.withTimeout(untilScans(2), 'the rescan');
  const republished = server.published.slice(publishedBefore).map((p) => p.uri);
  assert.deepEqual(republished, [uris[2]], 'only the changed file is published again');
  assert.ok(server.latest.get(uris[2])!.diagnostics.length > before, 'with its new problem');

  // a is opened and closed: its file diagnostics are published again, although the scan sent the same ones before.
  const scanned = server.latest.get(uris[0])!.diagnostics;
  assert.ok(scanned.length > 0, 'a has a problem (its unknown key)');
  await server.openChecked(uris[0], files[0].text);
  const reopened = server.nextDiagnostics(uris[0], (p) => p.diagnostics.length === scanned.length && p.version === undefined);
  server.close(uris[0]);
  assert.deepEqual((await reopened).diagnostics, scanned);
});
