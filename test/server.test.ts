// The language server over stdio (test/helpers/lsp-server.ts spawns the real bundle): diagnostics as the
// CLI reports them, debounced edits, settings pulled or pushed, deployment folders, and a server that survives garbage.
// Every test starts its own server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, InitializeResult, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkText } from '../server/src/core/check';
import type { SeveritySetting } from '../server/src/core/problem';
import { repoRoot as root, startServer, type ClientSettings } from './helpers/lsp-server';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n';

// A Platform SSO payload with three mistakes: a duplicated key, an integer where a
// boolean belongs, and a mistyped closing tag near the end.
const DUPLICATE_LINE = '\t\t\t<key>PayloadDisplayName</key>\n\t\t\t<string>Okta again</string>\n';
const BROKEN = `${HEAD}<plist version="1.0">
<dict>
\t<key>PayloadContent</key>
\t<array>
\t\t<dict>
\t\t\t<key>PayloadDisplayName</key>
\t\t\t<string>Okta Platform SSO</string>
${DUPLICATE_LINE}\t\t\t<key>PayloadIdentifier</key>
\t\t\t<string>com.example.okta.psso</string>
\t\t\t<key>PayloadType</key>
\t\t\t<string>com.apple.extensiblesso</string>
\t\t\t<key>PayloadUUID</key>
\t\t\t<string>7B28FA8B-B57A-4275-BF4C-CD30F19E5F2E</string>
\t\t\t<key>PayloadVersion</key>
\t\t\t<integer>1</integer>
\t\t\t<key>ExtensionIdentifier</key>
\t\t\t<string>com.okta.mobile.auth-service-extension</string>
\t\t\t<key>TeamIdentifier</key>
\t\t\t<string>B7F62B65BN</string>
\t\t\t<key>Type</key>
\t\t\t<string>Redirect</string>
\t\t\t<key>PlatformSSO</key>
\t\t\t<dict>
\t\t\t\t<key>AuthenticationMethod</key>
\t\t\t\t<string>Password</string>
\t\t\t\t<key>UseSharedDeviceKeys</key>
\t\t\t\t<integer>1</integer>
\t\t\t</dict>
\t\t</dict>
\t</array>
\t<key>PayloadDisplayName</key>
\t<string>Okta DPS</string>
\t<key>PayloadIdentifier</key>
\t<string>com.example.okta</string>
\t<key>PayloadType</key>
\t<string>Configuration</string>
\t<key>PayloadUUID</key>
\t<string>0C1B2A39-4D5E-4F60-8172-93A4B5C6D7E8</string>
\t<key>PayloadVersion</key>
\t<integer>1</integer>
\t<key>PayloadScope</key>
\t<string>System</strin>
</dict>
</plist>
`;

const SEVERITY_NUMBER = { error: 1, warning: 2, info: 3, hint: 4 } as const;

type Settings = { severity: Record<string, SeveritySetting>; validate: 'onType' | 'onSave'; preferenceDomainFiles: Record<string, string> };

const DEFAULT_SETTINGS: Settings = { severity: {}, validate: 'onType', preferenceDomainFiles: {} };

/** What the CLI would report for this text, in the shape the server publishes. */
function expectedDiagnostics(uri: string, text: string, clientSettings: ClientSettings) {
  const settings = { ...DEFAULT_SETTINGS, ...clientSettings } as Settings;
  const result = checkText(text, {
    documentId: uri,
    fileName: path.posix.basename(new URL(uri).pathname),
    severities: settings.severity,
    preferenceDomainFiles: settings.preferenceDomainFiles,
  });
  return result.problems.map((p) => ({ code: p.code, range: result.lineIndex.rangeOf(p.span), severity: SEVERITY_NUMBER[p.severity] }));
}

function essentials(diagnostics: Diagnostic[]) {
  return diagnostics.map((d) => ({ code: d.code, range: d.range, severity: d.severity }));
}

/** Range of the n-th (0-based) occurrence of `needle` in `text`. */
function rangeOfText(text: string, needle: string, occurrence = 0) {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `fixture lacks occurrence ${occurrence} of ${needle}`);
  }
  const doc = TextDocument.create('file:///x', 'x', 0, text);
  return { start: doc.positionAt(at), end: doc.positionAt(at + needle.length) };
}

const BROKEN_URI = 'file:///workspace/profiles/broken.mobileconfig';

/** A server as VS Code starts it (settings pulled, related information, versions), with BROKEN open and checked. */
async function withBrokenOpen(t: import('node:test').TestContext, settings: Settings = DEFAULT_SETTINGS) {
  const server = await startServer(t, { settings: { ...settings }, initialize: { rootUri: 'file:///workspace', capabilities: VSCODE_CAPABILITIES } });
  const opened = await server.openChecked(BROKEN_URI, BROKEN);
  return { server, opened };
}

const VSCODE_CAPABILITIES = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
  },
};

test('initialize announces incremental sync', async (t) => {
  const server = await startServer(t, { skipInitialize: true });
  const result: InitializeResult = await server.initialize({ rootUri: 'file:///workspace', capabilities: VSCODE_CAPABILITIES });
  const sync = result.capabilities.textDocumentSync;
  assert.ok(sync && typeof sync === 'object');
  assert.equal(sync.change, 2 /* Incremental */);
  assert.equal(sync.openClose, true);
  assert.ok(sync.save, 'asks for save notifications');
});

test('didOpen publishes what the CLI would report, with exact ranges', async (t) => {
  const { server, opened } = await withBrokenOpen(t);
  const { diagnostics, version } = opened;
  assert.equal(version, 1);
  assert.ok(server.configurationRequests >= 1, 'settings were pulled from the client');
  assert.deepEqual(essentials(diagnostics), expectedDiagnostics(BROKEN_URI, BROKEN, server.settings));

  const codes = diagnostics.map((d) => d.code);
  for (const code of ['DPS109', 'DPS303', 'DPS101']) assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);

  const duplicate = diagnostics.find((d) => d.code === 'DPS109')!;
  assert.deepEqual(duplicate.range, rangeOfText(BROKEN, '<key>PayloadDisplayName</key>', 1));
  assert.equal(duplicate.severity, 1);
  assert.equal(duplicate.source, 'dps-profiles');
  assert.equal(duplicate.codeDescription?.href, pathToFileURL(path.join(root, 'docs', 'rules', 'DPS109.md')).href);
  assert.deepEqual(duplicate.relatedInformation, [
    { location: { uri: BROKEN_URI, range: rangeOfText(BROKEN, '<key>PayloadDisplayName</key>', 0) }, message: 'First "PayloadDisplayName" here' },
  ]);

  const wrongType = diagnostics.find((d) => d.code === 'DPS303')!;
  assert.deepEqual(wrongType.range, rangeOfText(BROKEN, '<integer>1</integer>', 1));
  assert.equal((wrongType.data as { keyPath?: string }).keyPath, 'PayloadContent[0].PlatformSSO.UseSharedDeviceKeys');

  const malformed = diagnostics.find((d) => d.code === 'DPS101')!;
  assert.equal(malformed.range.start.line, rangeOfText(BROKEN, '</strin>').start.line);
});

test('rapid edits publish only the latest version, without the fixed problem', async (t) => {
  const { server } = await withBrokenOpen(t);
  let document = brokenDocument();
  const published = server.nextDiagnostics(BROKEN_URI);
  // Version 2 types a character; version 3 deletes the duplicated entry. Only 3 may be published.
  const typed: TextDocumentContentChangeEvent = { range: rangeOfText(BROKEN, 'Okta again'), text: 'Okta  again' };
  document = TextDocument.update(document, [typed], 2);
  server.change(BROKEN_URI, 2, [typed]);
  const typedDuplicate = DUPLICATE_LINE.replace('Okta again', 'Okta  again');
  const duplicateAt = document.getText().indexOf(typedDuplicate);
  const removal: TextDocumentContentChangeEvent = {
    range: { start: document.positionAt(duplicateAt), end: document.positionAt(duplicateAt + typedDuplicate.length) },
    text: '',
  };
  document = TextDocument.update(document, [removal], 3);
  const lastEditSent = Date.now();
  server.change(BROKEN_URI, 3, [removal]);

  const { diagnostics, version } = await published;
  assert.equal(version, 3);
  // The server waits ~150 ms after the last edit; it can be later, never much sooner.
  assert.ok(Date.now() - lastEditSent >= 140, `checked ${Date.now() - lastEditSent} ms after the edit`);
  assert.ok(!server.published.some((p) => p.uri === BROKEN_URI && p.version === 2), 'version 2 was never published');
  assert.ok(!document.getText().includes('again'));
  const codes = diagnostics.map((d) => d.code);
  assert.ok(!codes.includes('DPS109'), `duplicate key gone: ${codes.join(', ')}`);
  assert.ok(codes.includes('DPS303') && codes.includes('DPS101'));
  assert.deepEqual(essentials(diagnostics), expectedDiagnostics(BROKEN_URI, document.getText(), server.settings));
});

/** The client's copy of BROKEN at version 1, for tests that edit it. */
function brokenDocument(): TextDocument {
  return TextDocument.create(BROKEN_URI, 'mobileconfig', 1, BROKEN);
}

test('a configuration change turning a code off re-validates open documents', async (t) => {
  const { server } = await withBrokenOpen(t);
  const requestsBefore = server.configurationRequests;
  const published = server.nextDiagnostics(BROKEN_URI);
  server.changeSettings({ ...server.settings, severity: { DPS303: 'off', DPS101: 'warning' } });
  const { diagnostics } = await published;
  assert.ok(server.configurationRequests > requestsBefore, 'settings were pulled again');
  const codes = diagnostics.map((d) => d.code);
  assert.ok(!codes.includes('DPS303'), `DPS303 is off: ${codes.join(', ')}`);
  assert.equal(diagnostics.find((d) => d.code === 'DPS101')?.severity, 2);
  assert.deepEqual(essentials(diagnostics), expectedDiagnostics(BROKEN_URI, BROKEN, server.settings));
});

test('a preference plist opened as XML is checked too', async (t) => {
  const server = await startServer(t, { settings: { ...DEFAULT_SETTINGS } });
  const uri = 'file:///workspace/prefs/com.okta.mobile.auth-service-extension.plist';
  const text = `${HEAD}<plist version="1.0">\n<dict>\n\t<key>OktaVerify.OrgUrl</key>\n\t<string>https://example.okta.com</string>\n\t<key>OktaVerify.OrgUrl</key>\n\t<string>https://example.okta.com</string>\n</dict>\n</plist>\n`;
  const { diagnostics } = await server.openChecked(uri, text, 'xml');
  assert.ok(diagnostics.some((d) => d.code === 'DPS109'));
  assert.deepEqual(essentials(diagnostics), expectedDiagnostics(uri, text, server.settings));
});

test('garbage and pathological documents leave the server alive', async (t) => {
  const { server } = await withBrokenOpen(t);
  let document = brokenDocument();
  const garbageUri = 'file:///workspace/garbage.mobileconfig';
  let garbage = 'bplist00\u0000\u0001\u0002\ufffd\ufffd';
  for (let i = 0; i < 4096; i++) garbage += String.fromCharCode((i * 7919) % 0xd7ff);
  const deepUri = 'file:///workspace/deep.mobileconfig';
  const deep = `${HEAD}<plist version="1.0">${'<array><dict><key>k</key>'.repeat(5_000)}</plist>`;

  const garbagePublished = server.nextDiagnostics(garbageUri);
  const deepPublished = server.nextDiagnostics(deepUri);
  server.open(garbageUri, garbage);
  server.open(deepUri, deep);
  assert.ok((await garbagePublished).diagnostics.length > 0);
  assert.ok((await deepPublished).diagnostics.length > 0);

  // Still answering: an edit to another document is checked and published.
  const published = server.nextDiagnostics(BROKEN_URI, (p) => p.version === 2);
  const edit: TextDocumentContentChangeEvent = { range: rangeOfText(document.getText(), '</strin>'), text: '</string>' };
  document = TextDocument.update(document, [edit], 2);
  server.change(BROKEN_URI, 2, [edit]);
  const { diagnostics } = await published;
  assert.ok(!diagnostics.some((d) => d.code === 'DPS101'), 'the XML is well formed now');
  assert.deepEqual(essentials(diagnostics), expectedDiagnostics(BROKEN_URI, document.getText(), server.settings));
  assert.equal(server.child.exitCode, null);
});

test('with validate "onSave" an edit is not checked, a save checks the edited version', async (t) => {
  const { server } = await withBrokenOpen(t, { ...DEFAULT_SETTINGS, validate: 'onSave' });
  let document = brokenDocument();
  const published = server.nextDiagnostics(BROKEN_URI, (p) => p.version === 2);
  const edit: TextDocumentContentChangeEvent = { range: rangeOfText(document.getText(), '</strin>'), text: '</string>' };
  document = TextDocument.update(document, [edit], 2);
  server.change(BROKEN_URI, 2, [edit]);
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.ok(!server.published.some((p) => p.version === 2), 'not checked before the save');
  server.notify('textDocument/didSave', { textDocument: { uri: BROKEN_URI } });
  const { diagnostics } = await published;
  assert.ok(!diagnostics.some((d) => d.code === 'DPS101'), 'the repaired XML is checked after the save');
  assert.deepEqual(essentials(diagnostics), expectedDiagnostics(BROKEN_URI, document.getText(), server.settings));
});

test('didClose clears the diagnostics', async (t) => {
  const { server } = await withBrokenOpen(t);
  const published = server.nextDiagnostics(BROKEN_URI);
  server.close(BROKEN_URI);
  assert.deepEqual((await published).diagnostics, []);
});

test('shutdown and exit end the process with code 0', async (t) => {
  const { server } = await withBrokenOpen(t);
  assert.equal(await server.shutdown(), 0);
});

test('a client without workspace/configuration pushes its settings', async (t) => {
  const server = await startServer(t, {
    settings: { ...DEFAULT_SETTINGS },
    initialize: { capabilities: {}, initializationOptions: { dpsProfiles: { severity: { DPS109: 'off' } } } },
  });
  const uri = 'file:///workspace/pushed.mobileconfig';

  const first = server.nextDiagnostics(uri);
  server.open(uri, BROKEN);
  const opened = (await first).diagnostics;
  assert.ok(!opened.some((d) => d.code === 'DPS109'), 'DPS109 is off from initializationOptions');
  assert.ok(
    opened.every((d) => d.relatedInformation === undefined),
    'no related information for a client that did not ask',
  );
  assert.deepEqual(essentials(opened), expectedDiagnostics(uri, BROKEN, { ...server.settings, severity: { DPS109: 'off' } }));

  const second = server.nextDiagnostics(uri);
  void server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { dpsProfiles: { severity: { DPS303: 'hint' } } } });
  const changed = (await second).diagnostics;
  assert.equal(changed.find((d) => d.code === 'DPS303')?.severity, 4);
  assert.deepEqual(essentials(changed), expectedDiagnostics(uri, BROKEN, { ...server.settings, severity: { DPS303: 'hint' } }));
  assert.equal(server.configurationRequests, 0, 'the server never asked');

  assert.equal(await server.shutdown(), 0);
});

test('a deployment folder: cross-file problems from files on disk, and quick fixes from diagnostic data', async (t) => {
  const { mkdtempSync, writeFileSync, readFileSync, rmSync } = await import('node:fs');
  const os = await import('node:os');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dps-lsp-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const fixtures = path.join(root, 'test', 'fixtures', 'rules', 'DPS405-fail-two-profiles');
  const first = readFileSync(path.join(fixtures, 'a-okta.mobileconfig'), 'utf8').replace('<string>B7F62B65BN</string>', '<string>WRONGTEAM</string>');
  const second = readFileSync(path.join(fixtures, 'b-other-vendor.mobileconfig'), 'utf8');
  writeFileSync(path.join(dir, 'a-okta.mobileconfig'), first);
  writeFileSync(path.join(dir, 'b-other-vendor.mobileconfig'), second);
  const uriA = pathToFileURL(path.join(dir, 'a-okta.mobileconfig')).href;
  const uriB = pathToFileURL(path.join(dir, 'b-other-vendor.mobileconfig')).href;

  const server = await startServer(t, { settings: { ...DEFAULT_SETTINGS } });

  // Only b is open; a is read from disk and still claims the URL first.
  const gotB = server.nextDiagnostics(uriB, (p) => p.diagnostics.length > 0);
  server.open(uriB, second);
  const dB = (await server.withTimeout(gotB, 'diagnostics of b')).diagnostics;
  const dup = dB.find((d) => d.code === 'DPS405');
  assert.ok(dup, `DPS405 in b: ${JSON.stringify(dB.map((d) => d.code))}`);
  assert.equal(dup.relatedInformation?.[0].location.uri, uriA, 'related location in the closed file a');
  assert.equal(dup.relatedInformation?.[0].location.range.start.line, rangeOfText(first, 'https://acme.okta.com/oauth2/v1/token').start.line);

  // Open a: its wrong TeamIdentifier carries a quick fix, served from the diagnostic's data.
  const gotA = server.nextDiagnostics(uriA, (p) => p.diagnostics.some((d) => d.code === 'DPS401'));
  server.open(uriA, first);
  const dA = (await server.withTimeout(gotA, 'diagnostics of a')).diagnostics;
  const team = dA.find((d) => d.code === 'DPS401')!;
  assert.deepEqual(team.range, rangeOfText(first, 'WRONGTEAM'));
  const actions = await server.withTimeout(
    server.connection.sendRequest<
      { title: string; kind: string; isPreferred?: boolean; edit: { changes: Record<string, { range: unknown; newText: string }[]> } }[]
    >('textDocument/codeAction', {
      textDocument: { uri: uriA },
      range: team.range,
      context: { diagnostics: [team], only: ['quickfix'] },
    }),
    'codeAction',
  );
  const fix = actions.find((a) => a.title.includes('B7F62B65BN'));
  assert.ok(fix, JSON.stringify(actions));
  // And the suppression comment for that line (core/suppressions.ts), indented like the line.
  const disable = actions.find((a) => a.title === 'Disable DPS401 for this line');
  assert.ok(disable, JSON.stringify(actions.map((a) => a.title)));
  const teamLine = rangeOfText(first, '<string>WRONGTEAM</string>').start.line;
  assert.deepEqual(disable.edit.changes[uriA], [
    {
      range: { start: { line: teamLine, character: 0 }, end: { line: teamLine, character: 0 } },
      newText: `${/^\s*/.exec(first.split('\n')[teamLine])![0]}<!-- dps-profiles-disable-next-line DPS401 -->\n`,
    },
  ]);
  assert.equal(fix.kind, 'quickfix');
  assert.deepEqual(fix.edit.changes[uriA], [{ range: rangeOfText(first, '<string>WRONGTEAM</string>'), newText: '<string>B7F62B65BN</string>' }]);

  // A stale diagnostic (older version) gets no fix: its ranges no longer fit the text.
  const stale = await server.connection.sendRequest<unknown[]>('textDocument/codeAction', {
    textDocument: { uri: uriA },
    range: team.range,
    context: {
      diagnostics: [
        {
          ...team,
          data: { ...(team.data as object), version: 0, fixes: (team.data as { fixes: { version: number }[] }).fixes.map((f) => ({ ...f, version: 0 })) },
        },
      ],
      only: ['quickfix'],
    },
  });
  assert.equal(stale.length, 0);

  const fixAll = await server.connection.sendRequest<{ kind: string; edit: { changes: Record<string, unknown[]> } }[]>('textDocument/codeAction', {
    textDocument: { uri: uriA },
    range: team.range,
    context: { diagnostics: [], only: ['source.fixAll'] },
  });
  assert.equal(fixAll[0]?.kind, 'source.fixAll.dpsProfiles');
  assert.ok(fixAll[0].edit.changes[uriA].length >= 1);
});
