// The language server, spawned for real: the whole-workspace scan publishes diagnostics for closed
// profiles (with cross-workspace collisions), and a signed profile is served as a read-only
// `dps-signed:` document whose embedded XML gets diagnostics, hover and outline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, DocumentSymbol, Hover, MarkupContent } from 'vscode-languageserver/node';
import { SignedContentRequest } from '../../server/src/protocol';
import { repoRoot as root, startServer } from '../helpers/lsp-server';
import { hasOpenssl, makeSigner, signProfile, tempDir } from './openssl';

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

  const server = await startServer(t, {
    initialize: {
      rootUri: pathToFileURL(folder).href,
      capabilities: { workspace: { configuration: true, workspaceFolders: true }, textDocument: { publishDiagnostics: { relatedInformation: true } } },
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'ws' }],
    },
  });
  const diagnosticsFor = async (uri: string, until: (d: Diagnostic[]) => boolean) =>
    (await server.diagnosticsFor(uri, (p) => until(p.diagnostics))).diagnostics;

  const copiedUri = pathToFileURL(path.join(folder, 'wifi', 'copied.mobileconfig')).href;
  const prodUri = pathToFileURL(path.join(folder, 'prod', 'sso.mobileconfig')).href;
  const signedUri = `dps-signed:${pathToFileURL(signedFile).pathname}`;

  await t.test('closed files get diagnostics, including collisions across the workspace', async () => {
    const copied = await diagnosticsFor(copiedUri, (d) => d.length > 0);
    assert.deepEqual(copied.map((d) => d.code).sort(), ['DPS210', 'DPS211']);
    const dps210 = copied.find((d) => d.code === 'DPS210')!;
    assert.equal(dps210.range.start.line, 32);
    assert.equal(dps210.relatedInformation?.[0].location.uri, pathToFileURL(path.join(folder, 'pilot', 'sso.mobileconfig')).href);
    assert.deepEqual(
      (await diagnosticsFor(prodUri, (d) => d.length > 0)).map((d) => d.code),
      ['DPS212'],
    );
    assert.ok(![...server.latest.keys()].some((u) => u.includes('node_modules')), 'node_modules is not scanned');
  });

  await t.test('a closed signed file publishes to its dps-signed view, positions in the embedded XML', async () => {
    const d = await diagnosticsFor(signedUri, (x) => x.length > 0);
    assert.deepEqual(d.map((x) => x.code).sort(), ['DPS117', 'DPS202']);
    assert.equal(d.find((x) => x.code === 'DPS202')!.range.start.line, 14);
  });

  await t.test('the signed view: content request, then diagnostics, hover and outline on the embedded XML', async () => {
    const content = (await server.request(SignedContentRequest, { uri: signedUri }))!;
    assert.match(content.text, /^<\?xml/);
    assert.match(content.signer!.subject, /Workspace Signer/);
    assert.equal(content.verdict.integrity, 'valid');
    const d = (await server.openChecked(signedUri, content.text)).diagnostics;
    const info = d.find((x) => x.code === 'DPS117')!;
    assert.equal(info.severity, 3);
    assert.match(info.message, /signature over the content verifies/);
    assert.match(info.message, /Edits must go to the unsigned source/);
    assert.ok(d.some((x) => x.code === 'DPS202'));

    const line = content.text.split('\n').findIndex((l) => l.includes('<key>PayloadType</key>'));
    const hover = await server.request<Hover>('textDocument/hover', { textDocument: { uri: signedUri }, position: { line, character: 10 } });
    assert.match((hover.contents as MarkupContent).value, /PayloadType/);
    const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: signedUri } });
    assert.equal(symbols[0].children?.[0].name, 'Screensaver');
  });
});
