// The formatter on fixtures: test/fixtures/features/format/<name>.mobileconfig → <name>.formatted (tabs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/core/fix';
import { formatEdits } from '../../server/src/core/features';
import { parsePlist } from '../../server/src/core/plist/parse';
import { toJson } from '../../server/src/core/plist/json';
import { readFixture, toCrlf } from './helpers';

const TABS = { insertSpaces: false, tabSize: 4 };
const format = (text: string, options = TABS) => applyEdits(text, formatEdits(text, options));

test('formats one element per line, indents containers, keeps comments, values and key order', () => {
  const input = readFixture('format', 'messy.mobileconfig');
  const expected = readFixture('format', 'messy.formatted');
  const output = format(input);
  assert.equal(output, expected);
  // Same plist before and after: nothing but whitespace between elements changed.
  assert.deepEqual(toJson(parsePlist(output).root!), toJson(parsePlist(input).root!));
});

test('formatting twice is formatting once', () => {
  const once = format(readFixture('format', 'messy.mobileconfig'));
  assert.deepEqual(formatEdits(once, TABS), []);
  const spaces = { insertSpaces: true, tabSize: 2 };
  const onceSpaces = format(once, spaces);
  assert.deepEqual(formatEdits(onceSpaces, spaces), []);
});

test('CRLF files stay CRLF', () => {
  const output = format(toCrlf(readFixture('format', 'messy.mobileconfig')));
  assert.equal(output, toCrlf(readFixture('format', 'messy.formatted')));
  assert.ok(!/[^\r]\n/.test(output), 'no bare LF');
});

test('spaces from the editor options', () => {
  const output = format(readFixture('format', 'messy.mobileconfig'), { insertSpaces: true, tabSize: 2 });
  const expected = readFixture('format', 'messy.formatted').replace(/^\t+/gm, (tabs) => '  '.repeat(tabs.length));
  assert.equal(output, expected);
});

test('a file with XML syntax errors is left alone', () => {
  const broken = readFixture('format', 'broken.mobileconfig');
  assert.deepEqual(formatEdits(broken, TABS), []);
});

test('edits only touch whitespace, and range formatting only the range', () => {
  const input = readFixture('format', 'messy.mobileconfig');
  const all = formatEdits(input, TABS);
  assert.ok(all.length > 5);
  for (const e of all) {
    assert.match(input.slice(e.span.start, e.span.end), /^\s*$/);
    assert.match(e.newText, /^\s*$/);
  }
  const start = input.indexOf('<key>PlatformSSO</key>');
  const end = input.indexOf('</dict></array>');
  const ranged = formatEdits(input, TABS, { start, end });
  assert.ok(ranged.length > 0 && ranged.length < all.length);
  for (const e of ranged) assert.ok(e.span.end >= start && e.span.start <= end);
  const output = applyEdits(input, ranged);
  assert.ok(output.includes('<key>Type</key>\n\n\n<string>Redirect</string>'), 'outside the range nothing moved');
  assert.ok(output.includes('<key>PlatformSSO</key>\n\t\t\t<dict>\n\t\t\t\t<key>UseSharedDeviceKeys</key>\n\t\t\t\t<true/>\n\t\t\t</dict>'));
});
