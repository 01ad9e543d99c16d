// Hover, outline, folding, definition / references / rename and the UUID and type-conversion actions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../../server/src/core/check';
import { applyEdits } from '../../server/src/core/fix';
import {
  conversionActionsAt,
  definitionAt,
  documentSymbols,
  foldingRanges,
  hoverAt,
  prepareRenameAt,
  referencesAt,
  renameAt,
  uuidActionsAt,
  type DocumentSymbolSpec,
} from '../../server/src/core/features';
import { buildModel } from '../../server/src/core/model';
import { parsePlist } from '../../server/src/core/plist/parse';
import { readFixture, toCrlf } from './helpers';

const SCEP_UUID = '1713A247-7DB9-4147-9BCD-4719A604509B';
const model = (text: string, documentId = 'file:///a.mobileconfig') => buildModel(parsePlist(text).root, { documentId });

/** Cursor just inside the n-th occurrence of `needle` (after `skip` characters). */
function at(text: string, needle: string, skip = 1, occurrence = 0): number {
  let i = -1;
  for (let n = 0; n <= occurrence; n++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `${needle} #${occurrence} in fixture`);
  }
  return i + skip;
}

test('hover on a key: description, type, values, macOS versions, what Okta expects', () => {
  const text = readFixture('completion', 'psso-dict-keys.mobileconfig').replace('|', '');
  const doc = model(text);
  const auth = hoverAt(doc, at(text, '<key>AuthenticationMethod</key>', 6));
  assert.ok(auth);
  assert.match(auth.contents, /\*\*AuthenticationMethod\*\* — `string`/);
  assert.match(auth.contents, /Allowed values: `"Password"`, `"UserSecureEnclaveKey"`/);
  assert.match(auth.contents, /macOS 14\.0\+/);
  assert.match(auth.contents, /\*\*Okta DPS expects\*\* `"Password"`/);
  assert.equal(text.slice(auth.span.start, auth.span.end), '<key>AuthenticationMethod</key>');

  const topLevel = `<plist version="1.0">\r\n<dict>\r\n\t<key>PayloadType</key>\r\n\t<string>com.apple.extensiblesso</string>\r\n\t<key>AuthenticationMethod</key>\r\n\t<string>Password</string>\r\n\t<key>ScreenLockedBehavior</key>\r\n\t<string>Cancel</string>\r\n</dict>\r\n</plist>\r\n`;
  const deprecated = hoverAt(model(topLevel), at(topLevel, 'AuthenticationMethod', 3));
  assert.match(deprecated?.contents ?? '', /macOS 13\.0\+, deprecated in 14\.0/);
  const withDefault = hoverAt(model(topLevel), at(topLevel, 'ScreenLockedBehavior', 3));
  assert.match(withDefault?.contents ?? '', /Default: `"Cancel"`/);
});

test('hover on a UUID reference names the payload it points to; on an unknown key says so', () => {
  const text = readFixture('navigation', 'references.mobileconfig');
  const doc = model(text);
  const onRef = hoverAt(doc, at(text, '1713a247', 3));
  assert.match(onRef?.contents ?? '', /Points to \*\*Device identity\*\* \(`com\.apple\.security\.scep`, `com\.example\.scep`\)/);
  const onDeclaration = hoverAt(doc, at(text, SCEP_UUID, 3));
  assert.match(onDeclaration?.contents ?? '', /Referenced by 2 keys/);
  const unknownKey = hoverAt(doc, at(text, '<key>PayloadCertificateUUID', 6));
  assert.match(unknownKey?.contents ?? '', /Not described by the payload schema/);
  const payloadType = hoverAt(doc, at(text, '<string>com.apple.security.scep', 10));
  assert.match(payloadType?.contents ?? '', /`com\.apple\.security\.scep`/);
  assert.equal(hoverAt(doc, at(text, '<string>com.example.scep', 10)), undefined, 'nothing on a plain string');
});

function outline(symbols: DocumentSymbolSpec[]): unknown {
  return symbols.map((s) =>
    s.children.length
      ? { [`${s.name} (${s.kind}${s.detail ? `: ${s.detail}` : ''})`]: outline(s.children) }
      : `${s.name} (${s.kind}${s.detail ? `: ${s.detail}` : ''})`,
  );
}

test('outline: profile, payloads by display name (else type), then keys', () => {
  const text = readFixture('navigation', 'references.mobileconfig');
  const symbols = documentSymbols(model(text));
  assert.deepEqual(outline(symbols), [
    {
      'Linked payloads (profile: Configuration)': [
        {
          'Device identity (payload: com.apple.security.scep)': [
            'PayloadDisplayName (string: Device identity)',
            'PayloadIdentifier (string: com.example.scep)',
            'PayloadType (string: com.apple.security.scep)',
            `PayloadUUID (string: ${SCEP_UUID})`,
            'PayloadVersion (integer: 1)',
            { 'PayloadContent (dict: dict (1 key))': ['URL (string: https://example.okta.com/pki/scep)'] },
          ],
        },
        {
          'com.apple.extensiblesso (payload: com.apple.extensiblesso)': [
            'PayloadIdentifier (string: com.example.sso)',
            'PayloadType (string: com.apple.extensiblesso)',
            'PayloadUUID (string: 7B28FA8B-B57A-4275-BF4C-CD30F19E5F2E)',
            'PayloadVersion (integer: 1)',
            {
              'PlatformSSO (dict: dict (2 keys))': [`AccessKeyTerminalIdentityUUID (string: ${SCEP_UUID})`, 'UseSharedDeviceKeys (integer: 1)'],
            },
          ],
        },
        {
          'com.apple.wifi.managed (payload: com.apple.wifi.managed)': [
            'PayloadIdentifier (string: com.example.wifi)',
            'PayloadType (string: com.apple.wifi.managed)',
            'PayloadUUID (string: 2F3A9C1E-0B7D-4C55-9E61-3C2B8A7D6E5F)',
            'PayloadVersion (integer: 1)',
            'PayloadCertificateUUID (string: 1713a247-7db9-4147-9bcd-4719a604509b)',
          ],
        },
        'PayloadDisplayName (string: Linked payloads)',
        'PayloadIdentifier (string: com.example.linked)',
        'PayloadType (string: Configuration)',
        'PayloadUUID (string: 0C1B2A39-4D5E-4F60-8172-93A4B5C6D7E8)',
        'PayloadVersion (integer: 1)',
      ],
    },
  ]);
  // Ranges nest: every child lies inside its parent, every selection inside its range.
  const check = (s: DocumentSymbolSpec, parent?: DocumentSymbolSpec) => {
    assert.ok(s.selectionSpan.start >= s.span.start && s.selectionSpan.end <= s.span.end, s.name);
    if (parent) assert.ok(s.span.start >= parent.span.start && s.span.end <= parent.span.end, s.name);
    s.children.forEach((c) => check(c, s));
  };
  symbols.forEach((s) => check(s));
});

test('outline of a file with a syntax error shows what the parser built', () => {
  const text =
    '<plist version="1.0">\n<dict>\n\t<key>PayloadType</key>\n\t<string>com.okta.mobile</string>\n\tstray\n\t<key>OktaVerify.OrgUrl</key>\n\t<string>https://example.okta.com</string>\n</dict>\n</plist>\n';
  assert.deepEqual(outline(documentSymbols(model(text))), [
    { 'com.okta.mobile (payload: com.okta.mobile)': ['PayloadType (string: com.okta.mobile)', 'OktaVerify.OrgUrl (string: https://example.okta.com)'] },
  ]);
});

test('folding: one range per multi-line dict/array (close tag stays visible) and per multi-line comment, CRLF alike', () => {
  const lf =
    '<plist version="1.0">\n<dict>\n\t<key>A</key>\n\t<array>\n\t\t<string>x</string>\n\t</array>\n\t<key>B</key>\n\t<array/>\n\t<key>C</key>\n\t<dict></dict>\n\t<!--\n\tnote\n\t-->\n</dict>\n</plist>\n';
  for (const text of [lf, toCrlf(lf)]) {
    assert.deepEqual(foldingRanges(text, parsePlist(text).root), [
      { startLine: 1, endLine: 12 },
      { startLine: 3, endLine: 4 },
      { startLine: 10, endLine: 12, kind: 'comment' },
    ]);
  }
});

test('definition and references follow PayloadUUID links, case-insensitively', () => {
  const text = readFixture('navigation', 'references.mobileconfig');
  const doc = model(text);
  const defs = definitionAt(doc, at(text, '1713a247', 3), []);
  assert.equal(defs.length, 1);
  assert.equal(text.slice(defs[0].selectionSpan.start, defs[0].selectionSpan.end), SCEP_UUID);
  assert.ok(text.slice(defs[0].span.start, defs[0].span.end).includes('<string>Device identity</string>'));

  const refs = referencesAt(doc, at(text, SCEP_UUID, 3), [], false);
  assert.deepEqual(
    refs.map((r) => text.slice(r.span.start, r.span.end)),
    [SCEP_UUID, '1713a247-7db9-4147-9bcd-4719a604509b'],
  );
  assert.equal(referencesAt(doc, at(text, SCEP_UUID, 3), [], true).length, 3);
  assert.deepEqual(definitionAt(doc, at(text, '<string>com.example.scep', 10), []), [], 'nothing on other strings');
});

test('rename a PayloadUUID: its references change with it (and across the deployment)', () => {
  const text = readFixture('navigation', 'references.mobileconfig');
  const other = `<plist version="1.0">\n<dict>\n\t<key>PayloadType</key>\n\t<string>com.apple.wifi.managed</string>\n\t<key>PayloadUUID</key>\n\t<string>3A3A3A3A-0B7D-4C55-9E61-3C2B8A7D6E5F</string>\n\t<key>PayloadCertificateUUID</key>\n\t<string>${SCEP_UUID}</string>\n</dict>\n</plist>\n`;
  const doc = model(text, 'file:///a.mobileconfig');
  const otherDoc = model(other, 'file:///b.mobileconfig');
  const offset = at(text, SCEP_UUID, 5);
  assert.deepEqual(prepareRenameAt(doc, offset), {
    span: { start: at(text, SCEP_UUID, 0), end: at(text, SCEP_UUID, SCEP_UUID.length) },
    placeholder: SCEP_UUID,
  });
  const edits = renameAt(doc, offset, 'NEW-UUID', [doc, otherDoc]);
  assert.ok(edits);
  assert.equal(edits.length, 4);
  const mine = applyEdits(
    text,
    edits.filter((e) => e.documentId === 'file:///a.mobileconfig'),
  );
  assert.equal((mine.match(/NEW-UUID/g) ?? []).length, 3);
  assert.ok(!/1713A247/i.test(mine));
  const theirs = applyEdits(
    other,
    edits.filter((e) => e.documentId === 'file:///b.mobileconfig'),
  );
  assert.ok(theirs.includes('<string>NEW-UUID</string>'));
  assert.equal(renameAt(doc, at(text, '<string>com.example.scep', 10), 'x', []), undefined);
});

test('"Generate a new PayloadUUID" replaces the UUID and what points at it', () => {
  const text = readFixture('navigation', 'references.mobileconfig');
  const doc = model(text);
  const offset = at(text, '<key>PayloadUUID</key>', 3);
  const actions = uuidActionsAt(doc, { start: offset, end: offset }, [], () => 'FRESH');
  assert.equal(actions.length, 1);
  assert.equal(actions[0].title, 'Generate a new PayloadUUID');
  const out = applyEdits(text, actions[0].edits);
  assert.equal((out.match(/FRESH/g) ?? []).length, 3);
  assert.deepEqual(uuidActionsAt(doc, { start: at(text, '1713a247', 3), end: at(text, '1713a247', 3) }, []), [], 'not on a reference');
});

test('"Convert to <type>" reuses the schema check\'s conversion fix', () => {
  const text = readFixture('navigation', 'references.mobileconfig');
  const result = checkText(text, { documentId: 'file:///a.mobileconfig' });
  const offset = at(text, '<key>UseSharedDeviceKeys</key>\n\t\t\t\t<integer>', 45);
  const actions = conversionActionsAt(result.problems, { start: offset, end: offset });
  assert.equal(actions.length, 1);
  assert.equal(actions[0].title, 'Convert to boolean: <true/>');
  const dps303 = result.problems.find((p) => p.code === 'DPS303');
  assert.equal(actions[0].edits, dps303?.fixes?.[0].edits, 'the same edits, not a second implementation');
  assert.ok(applyEdits(text, actions[0].edits).includes('<key>UseSharedDeviceKeys</key>\n\t\t\t\t<true/>'));
});
