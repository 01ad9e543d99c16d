// Editor features through the real language server bundle (dist/server.js) over stdio:
// completion, hover, outline, folding, formatting, definition across files, rename, code actions
// and the status bar's deploymentInfo request, as an editor would ask for them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  CodeAction,
  CompletionItem,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  MarkupContent,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DeploymentInfoRequest } from '../server/src/protocol';
import { startServer } from './helpers/lsp-server';

const SCEP_UUID = '1713A247-7DB9-4147-9BCD-4719A604509B';

// CRLF on purpose: positions must survive two-character line breaks.
const PROFILE = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<plist version="1.0">',
  '<dict>',
  '  <key>PayloadContent</key>',
  '  <array>',
  '    <dict>',
  '      <key>PayloadDisplayName</key>',
  '      <string>Okta SSO</string>',
  '      <key>PayloadIdentifier</key>',
  '      <string>com.example.sso</string>',
  '      <key>PayloadType</key>',
  '      <string>com.apple.extensiblesso</string>',
  '      <key>PayloadUUID</key>',
  '      <string>7B28FA8B-B57A-4275-BF4C-CD30F19E5F2E</string>',
  '      <key>PayloadVersion</key>',
  '      <integer>1</integer>',
  '      <key>TeamIdentifier</key>',
  '      <string>B7F62B65BN</string>',
  '      <key>ExtensionIdentifier</key>',
  '      <string>com.okta.mobile.auth-service-extension</string>',
  '      <key>PlatformSSO</key>',
  '      <dict>',
  '        <key>AccessKeyTerminalIdentityUUID</key>',
  `        <string>${SCEP_UUID}</string>`,
  '        <key>UseSharedDeviceKeys</key>',
  '        <integer>1</integer>',
  '        ',
  '      </dict>',
  '    </dict>',
  '  </array>',
  '  <key>PayloadType</key>',
  '  <string>Configuration</string>',
  '</dict>',
  '</plist>',
  '',
].join('\r\n');

const SCEP_PROFILE = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
\t<key>PayloadContent</key>
\t<array>
\t\t<dict>
\t\t\t<key>PayloadDisplayName</key>
\t\t\t<string>Device identity</string>
\t\t\t<key>PayloadType</key>
\t\t\t<string>com.apple.security.scep</string>
\t\t\t<key>PayloadUUID</key>
\t\t\t<string>${SCEP_UUID}</string>
\t\t</dict>
\t</array>
</dict>
</plist>
`;

function positionOf(text: string, needle: string, delta = 0) {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  return TextDocument.create('file:///x', 'x', 0, text).positionAt(at + delta);
}

function applyTextEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'x', 0, text), edits);
}

/** Both profiles written to a fresh folder, the server started on it, sso.mobileconfig open and checked. */
async function featureServer(t: import('node:test').TestContext, settings: Record<string, unknown> = {}) {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'dps-features-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const profilePath = path.join(folder, 'sso.mobileconfig');
  const scepPath = path.join(folder, 'scep.mobileconfig');
  writeFileSync(profilePath, PROFILE);
  writeFileSync(scepPath, SCEP_PROFILE);
  const uri = pathToFileURL(profilePath).href;
  const scepUri = pathToFileURL(scepPath).href;
  const server = await startServer(t, {
    settings: { severity: {}, validate: 'onType', preferenceDomainFiles: {}, targetMacOS: '', ...settings },
    initialize: { rootUri: pathToFileURL(folder).href },
  });
  await server.openChecked(uri, PROFILE);
  return { server, folder, uri, scepUri };
}

test('editor features over stdio', async (t) => {
  const { server, folder, uri, scepUri } = await featureServer(t);
  const request = <R>(method: string, params: unknown): Promise<R> => server.request<R>(method, params);
  const at = (needle: string, delta = 1) => ({ textDocument: { uri }, position: positionOf(PROFILE, needle, delta) });

  const caps = server.initializeResult!.capabilities;
  for (const cap of [
    'completionProvider',
    'hoverProvider',
    'documentSymbolProvider',
    'foldingRangeProvider',
    'definitionProvider',
    'referencesProvider',
    'renameProvider',
    'documentFormattingProvider',
    'documentRangeFormattingProvider',
  ] as const) {
    assert.ok(caps[cap], `${cap} announced`);
  }

  await t.test('completion offers the PlatformSSO keys not yet present, with a typed snippet', async () => {
    const items = await request<CompletionItem[]>('textDocument/completion', at('        \r\n      </dict>', 8));
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('AuthenticationMethod'));
    assert.ok(!labels.includes('UseSharedDeviceKeys'), 'present keys are not offered');
    const item = items.find((i) => i.label === 'AuthenticationMethod')!;
    assert.equal(item.detail, 'string');
    assert.equal(item.insertTextFormat, 2 /* Snippet */);
    assert.equal(item.insertTextMode, 2 /* adjustIndentation */);
    assert.ok(item.textEdit && 'range' in item.textEdit);
    assert.equal(item.textEdit.newText, '<key>AuthenticationMethod</key>\n<string>${1|Password,UserSecureEnclaveKey,SmartCard,OpenID|}</string>');
    assert.deepEqual(item.textEdit.range.start, positionOf(PROFILE, '        \r\n      </dict>', 8));
  });

  await t.test('hover on a key explains it and what Okta expects', async () => {
    const hover = await request<Hover>('textDocument/hover', at('<key>TeamIdentifier', 6));
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /\*\*TeamIdentifier\*\*/);
    assert.match(value, /Okta DPS expects\*\* `"B7F62B65BN"`/);
    assert.deepEqual(hover.range?.start, positionOf(PROFILE, '<key>TeamIdentifier'));
  });

  await t.test('hover on a reference names the payload in the other file of the deployment', async () => {
    const hover = await request<Hover>('textDocument/hover', at(`<string>${SCEP_UUID}`, 10));
    assert.match((hover.contents as MarkupContent).value, /Points to \*\*Device identity\*\* \(`com\.apple\.security\.scep`\) in `scep\.mobileconfig`/);
  });

  await t.test('definition jumps to the PayloadUUID in the other file', async () => {
    const locations = await request<Location[]>('textDocument/definition', at(`<string>${SCEP_UUID}`, 10));
    assert.equal(locations.length, 1);
    assert.equal(locations[0].uri, scepUri);
    assert.deepEqual(locations[0].range.start, positionOf(SCEP_PROFILE, SCEP_UUID));
  });

  await t.test('rename changes the reference and the declaration in the other file', async () => {
    const NEW_UUID = '0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D';
    const edit = await request<WorkspaceEdit>('textDocument/rename', { ...at(`<string>${SCEP_UUID}`, 10), newName: NEW_UUID });
    assert.equal(applyTextEdits(PROFILE, edit.changes![uri]).split(NEW_UUID).length, 2);
    assert.ok(applyTextEdits(SCEP_PROFILE, edit.changes![scepUri]).includes(`<string>${NEW_UUID}</string>`));
  });

  await t.test('rename to something that is not a UUID is refused with a message', async () => {
    await assert.rejects(request('textDocument/rename', { ...at(`<string>${SCEP_UUID}`, 10), newName: 'NEW-UUID' }), (e: { code: number; message: string }) => {
      assert.equal(e.code, -32803);
      assert.match(e.message, /"NEW-UUID" is not a UUID/);
      return true;
    });
  });

  await t.test('outline: the profile, the payload by display name, then its keys', async () => {
    const symbols = await request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols.length, 1);
    assert.equal(symbols[0].detail, 'Configuration');
    const payload = symbols[0].children![0];
    assert.equal(payload.name, 'Okta SSO');
    assert.equal(payload.detail, 'com.apple.extensiblesso');
    assert.deepEqual(
      payload.children!.map((c) => c.name),
      ['PayloadDisplayName', 'PayloadIdentifier', 'PayloadType', 'PayloadUUID', 'PayloadVersion', 'TeamIdentifier', 'ExtensionIdentifier', 'PlatformSSO'],
    );
    assert.deepEqual(
      payload.children![7].children!.map((c) => c.name),
      ['AccessKeyTerminalIdentityUUID', 'UseSharedDeviceKeys'],
    );
  });

  await t.test('folding ranges per multi-line dict and array', async () => {
    const ranges = await request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.deepEqual(
      ranges.map((r) => [r.startLine, r.endLine]),
      [
        [2, 31],
        [4, 28],
        [5, 27],
        [21, 26],
      ],
    );
  });

  await t.test('formatting with the editor options keeps CRLF and is stable', async () => {
    const edits = await request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { insertSpaces: false, tabSize: 4 } });
    const formatted = applyTextEdits(PROFILE, edits);
    assert.ok(formatted.includes('\r\n\t<key>PayloadContent</key>\r\n\t<array>\r\n\t\t<dict>\r\n'));
    assert.ok(formatted.includes('\t\t\t\t<integer>1</integer>\r\n\t\t\t</dict>'), 'the blank line with spaces is gone');
    assert.ok(!/[^\r]\n/.test(formatted));
    const ranged = await request<TextEdit[]>('textDocument/rangeFormatting', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } },
      options: { insertSpaces: true, tabSize: 2 },
    });
    assert.deepEqual(ranged, [], 'the first lines are already formatted');
  });

  await t.test('code actions: the DPS303 fix as a quick fix, a new PayloadUUID as a refactoring', async () => {
    const onInteger = positionOf(PROFILE, '<integer>1</integer>\r\n        \r\n', 3);
    const actions = await request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: onInteger, end: onInteger },
      context: { diagnostics: [] },
    });
    const convert = actions.find((a) => a.title === 'Convert to boolean: <true/>');
    assert.ok(convert, actions.map((a) => a.title).join(', '));
    assert.equal(convert.kind, 'refactor.rewrite');
    const onUuid = positionOf(PROFILE, '<key>PayloadUUID</key>', 3);
    const uuidActions = await request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: onUuid, end: onUuid },
      context: { diagnostics: [], only: ['refactor'] },
    });
    const generate = uuidActions.find((a) => a.title === 'Generate a new PayloadUUID');
    assert.ok(generate);
    const out = applyTextEdits(PROFILE, generate.edit!.changes![uri]);
    assert.ok(!out.includes('7B28FA8B-B57A-4275-BF4C-CD30F19E5F2E'));
    assert.match(out, /<key>PayloadUUID<\/key>\r\n {6}<string>[0-9A-F]{8}-[0-9A-F]{4}-4/);
  });

  await t.test('deploymentInfo tells the status bar the target macOS and the deployment', async () => {
    const info = (await server.request(DeploymentInfoRequest, { uri }))!;
    assert.equal(info.target, '26.0', info.reason); // the fixture uses PlatformSSO.AccessKeyTerminalIdentityUUID (macOS 26)
    assert.equal(info.targetSource, 'inferred');
    assert.match(info.reason, /PlatformSSO/);
    assert.equal(info.folder, folder);
    assert.equal(info.members, 2);
    assert.equal(await server.request(DeploymentInfoRequest, { uri: 'file:///nowhere/closed.mobileconfig' }), null);
  });
});

test('the targetMacOS setting is used and reported', async (t) => {
  const { server, uri } = await featureServer(t);
  const rechecked = server.nextDiagnostics(uri);
  server.changeSettings({ ...server.settings, targetMacOS: '13.5' });
  await rechecked;
  const info = (await server.request(DeploymentInfoRequest, { uri }))!;
  assert.deepEqual([info.target, info.targetSource], ['13.5', 'setting']);
});
