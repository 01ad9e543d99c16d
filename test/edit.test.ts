import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../server/src/core';
import { indentUnit } from '../server/src/core/edit';

// A fix that inserts a key indents it as the file does. The narrowest indentation was once taken with Math.min over
// every indented line at once, which overflows the call stack past ~120,000 lines: a long space-indented profile
// with a missing key then failed its whole check with an internal error.

test('indentUnit reads tabs, the narrowest run of spaces, and a long space-indented file', () => {
  assert.equal(indentUnit('<dict>\n\t<key>a</key>\n\t<string/>\n</dict>'), '\t');
  assert.equal(indentUnit('<dict>\n    <key>a</key>\n      <dict>\n        <key>b</key>\n      </dict>\n</dict>'), '    ');
  assert.equal(indentUnit('<dict>\n  <key>a</key>\n    <string/>\n</dict>'), '  ');
  const lines = '\n   <integer>1</integer>'.repeat(300_000);
  assert.equal(indentUnit(`<plist>\n<dict>\n   <key>a</key>\n   <array>${lines}\n   </array>\n</dict>\n</plist>`), '   ');
});

test('a long space-indented profile with a missing PayloadVersion gets its fix, indented as the file', () => {
  const filler = '\n        <integer>1</integer>'.repeat(200_000);
  const text = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<plist version="1.0">',
    '<dict>',
    '  <key>PayloadContent</key>',
    '  <array>',
    '    <dict>',
    '      <key>PayloadType</key>',
    '      <string>com.example.settings</string>',
    '      <key>PayloadIdentifier</key>',
    '      <string>com.example.settings.one</string>',
    '      <key>PayloadUUID</key>',
    '      <string>3B4D2A55-6F17-4C5E-9F5A-0E8C2B1D7A11</string>',
    '      <key>Numbers</key>',
    `      <array>${filler}`,
    '      </array>',
    '    </dict>',
    '  </array>',
    '  <key>PayloadIdentifier</key>',
    '  <string>com.example.profile</string>',
    '  <key>PayloadType</key>',
    '  <string>Configuration</string>',
    '  <key>PayloadUUID</key>',
    '  <string>9C1E8F3A-2B4D-4E6F-8A0B-1C2D3E4F5A6B</string>',
    '  <key>PayloadVersion</key>',
    '  <integer>1</integer>',
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
  const result = checkText(text, { documentId: 'long.mobileconfig', fileName: 'long.mobileconfig' });
  const missing = result.problems.find((p) => p.code === 'DPS201' && p.data?.missingKey === 'PayloadVersion');
  assert.ok(missing, `DPS201 for the payload's PayloadVersion; found ${result.problems.map((p) => p.code).join(', ')}`);
  const edit = missing.fixes?.[0]?.edits[0];
  assert.ok(edit, 'the fix has an edit');
  assert.equal(edit.newText, '      <key>PayloadVersion</key>\n      <integer>1</integer>\n');
});
