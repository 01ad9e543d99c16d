// End-to-end test of the language server: spawns the real bundle (dist/server.js)
// over stdio and speaks JSON-RPC to it as an editor would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  ConfigurationParams,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkText } from '../server/src/core/check';
import type { SeveritySetting } from '../server/src/core/problem';

const root = path.resolve(__dirname, '..', '..');
const serverBundle = path.join(root, 'dist', 'server.js');
const WAIT_MS = 30_000;

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

/** What the CLI would report for this text, in the shape the server publishes. */
function expectedDiagnostics(uri: string, text: string, settings: Settings) {
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

class ServerUnderTest {
  readonly child: ChildProcessWithoutNullStreams;
  readonly connection: MessageConnection;
  readonly exited: Promise<number | null>;
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  configurationRequests = 0;
  settings: Settings = { severity: {}, validate: 'onType', preferenceDomainFiles: {} };
  private stderr = '';
  private waiters: { match: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];

  constructor() {
    this.child = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: 'pipe' });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.connection.onRequest('workspace/configuration', (params: ConfigurationParams) => {
      this.configurationRequests++;
      return params.items.map((item) => (item.section === 'dpsProfiles' ? this.settings : null));
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => this.logs.push(params.message));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    this.connection.listen();
  }

  /** Register before sending the message that triggers the publish. */
  nextDiagnostics(uri: string, match: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return this.withTimeout(
      new Promise((resolve) => this.waiters.push({ match: (p) => p.uri === uri && match(p), resolve })),
      `diagnostics for ${uri}`,
    );
  }

  withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}\nserver log:\n${this.logs.join('\n')}\nstderr:\n${this.stderr}`)), WAIT_MS);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  open(uri: string, text: string, languageId = 'mobileconfig', version = 1): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  kill(): void {
    this.connection.dispose();
    if (this.child.exitCode === null) this.child.kill();
  }
}

test('language server over stdio', async (t) => {
  assert.ok(existsSync(serverBundle), 'dist/server.js is missing; run node scripts/build.mjs first');
  const server = new ServerUnderTest();
  t.after(() => server.kill());
  const brokenUri = 'file:///workspace/profiles/broken.mobileconfig';
  let document = TextDocument.create(brokenUri, 'mobileconfig', 1, BROKEN);

  await t.test('initialize announces incremental sync', async () => {
    const result = await server.withTimeout(
      server.connection.sendRequest<InitializeResult>('initialize', {
        processId: process.pid,
        rootUri: 'file:///workspace',
        capabilities: {
          workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
          textDocument: {
            synchronization: { didSave: true, dynamicRegistration: false },
            publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          },
        },
        workspaceFolders: null,
      }),
      'initialize',
    );
    const sync = result.capabilities.textDocumentSync;
    assert.ok(sync && typeof sync === 'object');
    assert.equal(sync.change, 2 /* Incremental */);
    assert.equal(sync.openClose, true);
    assert.ok(sync.save, 'asks for save notifications');
    void server.connection.sendNotification('initialized', {});
  });

  await t.test('didOpen publishes what the CLI would report, with exact ranges', async () => {
    const published = server.nextDiagnostics(brokenUri);
    server.open(brokenUri, BROKEN);
    const { diagnostics, version } = await published;
    assert.equal(version, 1);
    assert.ok(server.configurationRequests >= 1, 'settings were pulled from the client');
    assert.deepEqual(essentials(diagnostics), expectedDiagnostics(brokenUri, BROKEN, server.settings));

    const codes = diagnostics.map((d) => d.code);
    for (const code of ['DPS109', 'DPS303', 'DPS101']) assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);

    const duplicate = diagnostics.find((d) => d.code === 'DPS109')!;
    assert.deepEqual(duplicate.range, rangeOfText(BROKEN, '<key>PayloadDisplayName</key>', 1));
    assert.equal(duplicate.severity, 1);
    assert.equal(duplicate.source, 'dps-profiles');
    assert.equal(duplicate.codeDescription?.href, pathToFileURL(path.join(root, 'docs', 'rules', 'DPS109.md')).href);
    assert.deepEqual(duplicate.relatedInformation, [
      { location: { uri: brokenUri, range: rangeOfText(BROKEN, '<key>PayloadDisplayName</key>', 0) }, message: 'First "PayloadDisplayName" here' },
    ]);

    const wrongType = diagnostics.find((d) => d.code === 'DPS303')!;
    assert.deepEqual(wrongType.range, rangeOfText(BROKEN, '<integer>1</integer>', 1));
    assert.equal((wrongType.data as { keyPath?: string }).keyPath, 'PayloadContent[0].PlatformSSO.UseSharedDeviceKeys');

    const malformed = diagnostics.find((d) => d.code === 'DPS101')!;
    assert.equal(malformed.range.start.line, rangeOfText(BROKEN, '</strin>').start.line);
  });

  await t.test('rapid edits publish only the latest version, without the fixed problem', async () => {
    const published = server.nextDiagnostics(brokenUri);
    // Version 2 types a character; version 3 deletes the duplicated entry. Only 3 may be published.
    const typed: TextDocumentContentChangeEvent = { range: rangeOfText(BROKEN, 'Okta again'), text: 'Okta  again' };
    document = TextDocument.update(document, [typed], 2);
    server.change(brokenUri, 2, [typed]);
    const typedDuplicate = DUPLICATE_LINE.replace('Okta again', 'Okta  again');
    const duplicateAt = document.getText().indexOf(typedDuplicate);
    const removal: TextDocumentContentChangeEvent = {
      range: { start: document.positionAt(duplicateAt), end: document.positionAt(duplicateAt + typedDuplicate.length) },
      text: '',
    };
    document = TextDocument.update(document, [removal], 3);
    const lastEditSent = Date.now();
    server.change(brokenUri, 3, [removal]);

    const { diagnostics, version } = await published;
    assert.equal(version, 3);
    // The server waits ~150 ms after the last edit; it can be later, never much sooner.
    assert.ok(Date.now() - lastEditSent >= 140, `checked ${Date.now() - lastEditSent} ms after the edit`);
    assert.ok(!server.published.some((p) => p.uri === brokenUri && p.version === 2), 'version 2 was never published');
    assert.ok(!document.getText().includes('again'));
    const codes = diagnostics.map((d) => d.code);
    assert.ok(!codes.includes('DPS109'), `duplicate key gone: ${codes.join(', ')}`);
    assert.ok(codes.includes('DPS303') && codes.includes('DPS101'));
    assert.deepEqual(essentials(diagnostics), expectedDiagnostics(brokenUri, document.getText(), server.settings));
  });

  await t.test('a configuration change turning a code off re-validates open documents', async () => {
    const requestsBefore = server.configurationRequests;
    server.settings = { ...server.settings, severity: { DPS303: 'off', DPS101: 'warning' } };
    const published = server.nextDiagnostics(brokenUri);
    void server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { dpsProfiles: server.settings } });
    const { diagnostics } = await published;
    assert.ok(server.configurationRequests > requestsBefore, 'settings were pulled again');
    const codes = diagnostics.map((d) => d.code);
    assert.ok(!codes.includes('DPS303'), `DPS303 is off: ${codes.join(', ')}`);
    assert.equal(diagnostics.find((d) => d.code === 'DPS101')?.severity, 2);
    assert.deepEqual(essentials(diagnostics), expectedDiagnostics(brokenUri, document.getText(), server.settings));
  });

  await t.test('a preference plist opened as XML is checked too', async () => {
    const uri = 'file:///workspace/prefs/com.okta.mobile.auth-service-extension.plist';
    const text = `${HEAD}<plist version="1.0">\n<dict>\n\t<key>OktaVerify.OrgUrl</key>\n\t<string>https://example.okta.com</string>\n\t<key>OktaVerify.OrgUrl</key>\n\t<string>https://example.okta.com</string>\n</dict>\n</plist>\n`;
    const published = server.nextDiagnostics(uri);
    server.open(uri, text, 'xml');
    const { diagnostics } = await published;
    assert.ok(diagnostics.some((d) => d.code === 'DPS109'));
    assert.deepEqual(essentials(diagnostics), expectedDiagnostics(uri, text, server.settings));
  });

  await t.test('garbage and pathological documents leave the server alive', async () => {
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
    const published = server.nextDiagnostics(brokenUri, (p) => p.version === 4);
    const edit: TextDocumentContentChangeEvent = { range: rangeOfText(document.getText(), '</strin>'), text: '</string>' };
    document = TextDocument.update(document, [edit], 4);
    server.change(brokenUri, 4, [edit]);
    const { diagnostics } = await published;
    assert.ok(!diagnostics.some((d) => d.code === 'DPS101'), 'the XML is well formed now');
    assert.deepEqual(essentials(diagnostics), expectedDiagnostics(brokenUri, document.getText(), server.settings));
    assert.equal(server.child.exitCode, null);
  });

  await t.test('with validate "onSave" a save checks the edited version', async () => {
    server.settings = { ...server.settings, validate: 'onSave' };
    const republished = server.nextDiagnostics(brokenUri);
    void server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { dpsProfiles: server.settings } });
    await republished;

    const published = server.nextDiagnostics(brokenUri, (p) => p.version === 5);
    const edit: TextDocumentContentChangeEvent = { range: rangeOfText(document.getText(), '</string>\n</dict>\n</plist>'), text: '</strin>\n</dict>\n</plist>' };
    document = TextDocument.update(document, [edit], 5);
    server.change(brokenUri, 5, [edit]);
    void server.connection.sendNotification('textDocument/didSave', { textDocument: { uri: brokenUri } });
    const { diagnostics } = await published;
    assert.ok(diagnostics.some((d) => d.code === 'DPS101'), 'the re-broken XML is reported after the save');
    assert.deepEqual(essentials(diagnostics), expectedDiagnostics(brokenUri, document.getText(), server.settings));
  });

  await t.test('didClose clears the diagnostics', async () => {
    const published = server.nextDiagnostics(brokenUri);
    void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: brokenUri } });
    assert.deepEqual((await published).diagnostics, []);
  });

  await t.test('shutdown and exit end the process with code 0', async () => {
    const result = await server.withTimeout(server.connection.sendRequest('shutdown'), 'shutdown');
    assert.equal(result, null);
    void server.connection.sendNotification('exit');
    assert.equal(await server.withTimeout(server.exited, 'process exit'), 0);
  });
});

test('a client without workspace/configuration pushes its settings', async (t) => {
  const server = new ServerUnderTest();
  t.after(() => server.kill());
  const uri = 'file:///workspace/pushed.mobileconfig';

  await server.withTimeout(
    server.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      initializationOptions: { dpsProfiles: { severity: { DPS109: 'off' } } },
    }),
    'initialize',
  );
  void server.connection.sendNotification('initialized', {});

  const first = server.nextDiagnostics(uri);
  server.open(uri, BROKEN);
  const opened = (await first).diagnostics;
  assert.ok(!opened.some((d) => d.code === 'DPS109'), 'DPS109 is off from initializationOptions');
  assert.ok(opened.every((d) => d.relatedInformation === undefined), 'no related information for a client that did not ask');
  assert.deepEqual(essentials(opened), expectedDiagnostics(uri, BROKEN, { ...server.settings, severity: { DPS109: 'off' } }));

  const second = server.nextDiagnostics(uri);
  void server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { dpsProfiles: { severity: { DPS303: 'hint' } } } });
  const changed = (await second).diagnostics;
  assert.equal(changed.find((d) => d.code === 'DPS303')?.severity, 4);
  assert.deepEqual(essentials(changed), expectedDiagnostics(uri, BROKEN, { ...server.settings, severity: { DPS303: 'hint' } }));
  assert.equal(server.configurationRequests, 0, 'the server never asked');

  await server.withTimeout(server.connection.sendRequest('shutdown'), 'shutdown');
  void server.connection.sendNotification('exit');
  assert.equal(await server.withTimeout(server.exited, 'process exit'), 0);
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

  const server = new ServerUnderTest();
  t.after(() => server.kill());
  await server.withTimeout(
    server.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { relatedInformation: true } } } }),
    'initialize',
  );
  void server.connection.sendNotification('initialized', {});

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
    server.connection.sendRequest<{ title: string; kind: string; isPreferred?: boolean; edit: { changes: Record<string, { range: unknown; newText: string }[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri: uriA },
      range: team.range,
      context: { diagnostics: [team], only: ['quickfix'] },
    }),
    'codeAction',
  );
  const fix = actions.find((a) => a.title.includes('B7F62B65BN'));
  assert.ok(fix, JSON.stringify(actions));
  assert.equal(fix.kind, 'quickfix');
  assert.deepEqual(fix.edit.changes[uriA], [{ range: rangeOfText(first, '<string>WRONGTEAM</string>'), newText: '<string>B7F62B65BN</string>' }]);

  // A stale diagnostic (older version) gets no fix: its ranges no longer fit the text.
  const stale = await server.connection.sendRequest<unknown[]>('textDocument/codeAction', {
    textDocument: { uri: uriA },
    range: team.range,
    context: { diagnostics: [{ ...team, data: { ...(team.data as object), fixes: (team.data as { fixes: { version: number }[] }).fixes.map((f) => ({ ...f, version: 0 })) } }], only: ['quickfix'] },
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
