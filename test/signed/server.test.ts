// The language server, spawned for real: the whole-workspace scan publishes diagnostics for closed
// profiles (with cross-workspace collisions), and a signed profile is served as a read-only
// `dps-signed:` document whose embedded XML gets diagnostics, hover and outline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { Diagnostic, DocumentSymbol, Hover, MarkupContent, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { hasOpenssl, makeSigner, signProfile, tempDir } from './openssl';

const root = path.resolve(__dirname, '..', '..', '..');
const serverBundle = path.join(root, 'dist', 'server.js');
const WAIT_MS = 20_000;

test('workspace scan and signed documents in the language server', { skip: hasOpenssl ? false : 'openssl is not installed' }, async (t) => {
  const folder = tempDir('dps-ws-');
  cpSync(path.join(root, 'test', 'fixtures', 'workspace'), folder, { recursive: true });
  // node_modules is skipped by the scan: a collision in there must not show up.
  mkdirSync(path.join(folder, 'node_modules', 'x'), { recursive: true });
  cpSync(path.join(folder, 'wifi', 'copied.mobileconfig'), path.join(folder, 'node_modules', 'x', 'copied.mobileconfig'));
  mkdirSync(path.join(folder, 'signed'));
  const signer = makeSigner(folder, 'Workspace Signer');
  const signedFile = path.join(folder, 'signed', 'screensaver.mobileconfig');
  writeFileSync(signedFile, signProfile(folder, path.join(root, 'test', 'fixtures', 'signed', 'screensaver-bad-uuid.mobileconfig'), signer));

  const child = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const latest = new Map<string, Diagnostic[]>();
  const waiters: { uri: string; until: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    latest.set(p.uri, p.diagnostics);
    for (const w of [...waiters]) if (w.uri === p.uri && w.until(p.diagnostics)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(p.diagnostics);
    }
  });
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  t.after(() => {
    connection.dispose();
    if (child.exitCode === null) child.kill();
  });
  const diagnosticsFor = (uri: string, until: (d: Diagnostic[]) => boolean) =>
    new Promise<Diagnostic[]>((resolve, reject) => {
      const seen = latest.get(uri);
      if (seen && until(seen)) return resolve(seen);
      waiters.push({ uri, until, resolve });
      setTimeout(() => reject(new Error(`no matching diagnostics for ${uri}; latest ${JSON.stringify(latest.get(uri))}\n${stderr}`)), WAIT_MS);
    });

  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    capabilities: { workspace: { configuration: true, workspaceFolders: true }, textDocument: { publishDiagnostics: { relatedInformation: true } } },
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'ws' }],
  });
  void connection.sendNotification('initialized', {});

  const copiedUri = pathToFileURL(path.join(folder, 'wifi', 'copied.mobileconfig')).href;
  const prodUri = pathToFileURL(path.join(folder, 'prod', 'sso.mobileconfig')).href;
  const signedUri = `dps-signed:${pathToFileURL(signedFile).pathname}`;

  await t.test('closed files get diagnostics, including collisions across the workspace', async () => {
    const copied = await diagnosticsFor(copiedUri, (d) => d.length > 0);
    assert.deepEqual(copied.map((d) => d.code).sort(), ['DPS210', 'DPS211']);
    const dps210 = copied.find((d) => d.code === 'DPS210')!;
    assert.equal(dps210.range.start.line, 32);
    assert.equal(dps210.relatedInformation?.[0].location.uri, pathToFileURL(path.join(folder, 'pilot', 'sso.mobileconfig')).href);
    assert.deepEqual((await diagnosticsFor(prodUri, (d) => d.length > 0)).map((d) => d.code), ['DPS212']);
    assert.ok(![...latest.keys()].some((u) => u.includes('node_modules')), 'node_modules is not scanned');
  });

  await t.test('a closed signed file publishes to its dps-signed view, positions in the embedded XML', async () => {
    const d = await diagnosticsFor(signedUri, (x) => x.length > 0);
    assert.deepEqual(d.map((x) => x.code).sort(), ['DPS117', 'DPS202']);
    assert.equal(d.find((x) => x.code === 'DPS202')!.range.start.line, 14);
  });

  await t.test('the signed view: content request, then diagnostics, hover and outline on the embedded XML', async () => {
    const content = await connection.sendRequest<{ text: string; signer: { subject: string }; verdict: { integrity: string } }>('dpsProfiles/signedContent', { uri: signedUri });
    assert.match(content.text, /^<\?xml/);
    assert.match(content.signer.subject, /Workspace Signer/);
    assert.equal(content.verdict.integrity, 'valid');
    latest.delete(signedUri);
    void connection.sendNotification('textDocument/didOpen', { textDocument: { uri: signedUri, languageId: 'mobileconfig', version: 1, text: content.text } });
    const d = await diagnosticsFor(signedUri, (x) => x.some((y) => y.code === 'DPS117'));
    const info = d.find((x) => x.code === 'DPS117')!;
    assert.equal(info.severity, 3);
    assert.match(info.message, /signature over the content verifies/);
    assert.match(info.message, /Edits must go to the unsigned source/);
    assert.ok(d.some((x) => x.code === 'DPS202'));

    const line = content.text.split('\n').findIndex((l) => l.includes('<key>PayloadType</key>'));
    const hover = await connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: signedUri }, position: { line, character: 10 } });
    assert.match((hover.contents as MarkupContent).value, /PayloadType/);
    const symbols = await connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: signedUri } });
    assert.equal(symbols[0].children?.[0].name, 'Screensaver');
  });
});
