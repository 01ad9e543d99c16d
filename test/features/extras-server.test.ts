// Inlay hints, code lenses, document links and hover links through the real language server over stdio,
// on a two-file deployment (an SSO profile and the Okta Verify settings beside it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens, DocumentLink, Hover, InitializeResult, InlayHint, MarkupContent } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_CAPABILITIES, startServer } from '../helpers/lsp-server';
import { readFixture } from './helpers';

// A two-file deployment: the SSO profile and the Okta Verify settings (with the template client ID) beside it.
const SSO = readFixture('extras', 'sso.mobileconfig');
const SETTINGS = readFixture('extras', 'com.okta.mobile.plist');

const doc = TextDocument.create('file:///x', 'mobileconfig', 1, SSO);
const after = (needle: string) => doc.positionAt(SSO.indexOf(needle) + needle.length);

test('inlay hints, code lenses, document links and hover links over stdio', async (t) => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'dps-extras-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  writeFileSync(path.join(folder, 'sso.mobileconfig'), SSO);
  writeFileSync(path.join(folder, 'com.okta.mobile.plist'), SETTINGS);
  const uri = pathToFileURL(path.join(folder, 'sso.mobileconfig')).href;
  const settings = { severity: {}, validate: 'onType', preferenceDomainFiles: {}, targetMacOS: '' };
  const server = await startServer(t, { settings });
  const caps = (server.initializeResult as InitializeResult).capabilities;
  assert.ok(caps.inlayHintProvider && caps.codeLensProvider && caps.documentLinkProvider, 'announced');
  await server.openChecked(uri, SSO);
  const textDocument = { uri };
  const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(SSO.length) };

  await t.test('inlay hints: LoginFrequency in hours, the SSO URLs on the org host', async () => {
    const hints = await server.request<InlayHint[]>('textDocument/inlayHint', { textDocument, range: whole });
    const at = (needle: string) => hints.find((h) => h.position.line === after(needle).line && h.position.character === after(needle).character)?.label;
    assert.equal(at('<integer>64800</integer>'), '= 18 hours');
    assert.equal(at('nonce</string>'), '✓ org host');
  });

  await t.test('the inlayHints.enabled setting turns them off', async () => {
    server.changeSettings({ ...settings, inlayHints: { enabled: false } });
    const hints = await server.withTimeout(
      (async () => {
        for (;;) {
          const got = await server.request<InlayHint[]>('textDocument/inlayHint', { textDocument, range: whole });
          if (got.length === 0) return got;
          await new Promise((r) => setTimeout(r, 50));
        }
      })(),
      'inlay hints turned off',
    );
    assert.deepEqual(hints, []);
    server.changeSettings(settings);
  });

  await t.test('code lenses above the SSO payload: preview on 14, 15, 26 and the problems of the settings file', async () => {
    const lenses = await server.request<CodeLens[]>('textDocument/codeLens', { textDocument });
    const titles = lenses.map((l) => l.command?.title);
    assert.deepEqual(titles.slice(0, 3), ['Preview on macOS 14', 'macOS 15', 'macOS 26']);
    assert.match(titles[3] ?? '', /^\d+ problems? in other files of this deployment$/);
    assert.deepEqual(lenses[2].command?.arguments, [{ uri, macOS: '26' }]);
    assert.equal(lenses[0].command?.command, 'dpsProfiles.showPreview');
    assert.equal(lenses[0].range.start.line, after('<array>\n\t\t').line);
  });

  await t.test('document links for the https URLs', async () => {
    const links = await server.request<DocumentLink[]>('textDocument/documentLink', { textDocument });
    assert.deepEqual(
      links.map((l) => l.target),
      ['https://acme.okta.com/device-access/api/v1/nonce', 'https://acme.okta.com/oauth2/v1/token'],
    );
    assert.deepEqual(links[0].range.start, doc.positionAt(SSO.indexOf('https://acme.okta.com/device')));
  });

  await t.test('hover on a key links the Apple catalog page', async () => {
    const hover = await server.request<Hover>('textDocument/hover', { textDocument, position: doc.positionAt(SSO.indexOf('<key>LoginFrequency') + 6) });
    assert.match(
      (hover.contents as MarkupContent).value,
      /\[Apple: com\.apple\.extensiblesso\]\(https:\/\/github\.com\/apple\/device-management\/blob\/release\/mdm\/profiles\/com\.apple\.extensiblesso\.yaml\)/,
    );
  });
});

test('a settings change asks a client that can refresh inlay hints to ask again (no edit needed)', async (t) => {
  const settings = { severity: {}, validate: 'onType', preferenceDomainFiles: {}, targetMacOS: '' };
  const server = await startServer(t, {
    settings,
    initialize: { capabilities: { ...DEFAULT_CAPABILITIES, workspace: { ...DEFAULT_CAPABILITIES.workspace, inlayHint: { refreshSupport: true } } } },
  });
  let refreshed!: () => void;
  const refresh = new Promise<void>((resolve) => (refreshed = resolve));
  server.connection.onRequest('workspace/inlayHint/refresh', () => {
    refreshed();
    return null;
  });
  server.changeSettings({ ...settings, inlayHints: { enabled: false } });
  await server.withTimeout(refresh, 'workspace/inlayHint/refresh after the settings changed');
});
