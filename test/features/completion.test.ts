// Completion on fixture files (test/fixtures/features/completion): each has a | cursor and
// directives in comments: expect / absent (labels), apply (label) with <name>.applied holding
// the text after accepting it, expect-none. Every fixture also runs with CRLF line breaks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../server/src/core/check';
import { completionsAt, MDM_VARIABLES, valueSnippet } from '../../server/src/core/features';
import { isPlaceholder } from '../../server/src/core/placeholders';
import { applyCompletion, directives, expandSnippet, fixtures, listFixtures, readFixture, toCrlf, withCursor } from './helpers';

function fixedUuids() {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

for (const file of listFixtures('completion', '.mobileconfig')) {
  const name = file.replace(/\.mobileconfig$/, '');
  for (const eol of ['LF', 'CRLF'] as const) {
    test(`completion ${name} (${eol})`, () => {
      const raw = readFixture('completion', file);
      const marked = eol === 'CRLF' ? toCrlf(raw) : raw;
      const { text, offset } = withCursor(marked);
      const d = directives(raw);
      const items = completionsAt(text, offset, { documentId: `file:///${file}`, uuid: fixedUuids() });
      const labels = items.map((i) => i.label);
      if (d['expect-none']) assert.deepEqual(labels, []);
      for (const label of d.expect ?? []) assert.ok(labels.includes(label), `${label} offered; got ${labels.join(', ')}`);
      for (const label of d.absent ?? []) assert.ok(!labels.includes(label), `${label} not offered`);
      for (const item of items) {
        assert.ok(item.replace.start <= offset && offset <= item.replace.end, `${item.label}: the replaced range holds the cursor`);
        assert.ok(!/[\r\n]/.test(text.slice(item.replace.start, item.replace.end)), `${item.label}: the replaced range is on one line`);
      }
      if (d.apply) {
        const item = items.find((i) => i.label === d.apply[0]);
        assert.ok(item, `${d.apply[0]} offered`);
        const applied = applyCompletion(text, item);
        const expectedFile = path.join(fixtures, 'completion', `${name}.applied`);
        assert.ok(existsSync(expectedFile), `${name}.applied exists`);
        const expected = readFixture('completion', `${name}.applied`);
        assert.equal(applied, eol === 'CRLF' ? toCrlf(expected) : expected);
      }
    });
  }
}

test('key items carry the plist type, our description and macOS versions', () => {
  const { text, offset } = withCursor(readFixture('completion', 'psso-dict-keys.mobileconfig'));
  const item = completionsAt(text, offset).find((i) => i.label === 'LoginFrequency');
  assert.ok(item);
  assert.equal(item.detail, 'integer');
  assert.match(item.documentation ?? '', /macOS 14\.0\+/);
  assert.match(item.documentation ?? '', /Default: `64800`/);
  assert.equal(item.insertText, '<key>LoginFrequency</key>\n<integer>${1:64800}</integer>');
});

test('value snippets follow the schema type', () => {
  assert.equal(valueSnippet({ plistType: 'string' }), '<string>$1</string>');
  assert.equal(valueSnippet({ plistType: 'array', items: { plistType: 'string' } }), '<array>\n\t$1\n</array>');
  assert.equal(valueSnippet({ plistType: 'dict' }), '<dict>\n\t$1\n</dict>');
  assert.equal(valueSnippet({ plistType: 'boolean', default: false }), '<${1|true,false|}/>');
  assert.equal(valueSnippet({ plistType: 'string', enum: ['Cancel', 'DoNotHandle'] }), '<string>${1|Cancel,DoNotHandle|}</string>');
  assert.equal(expandSnippet(valueSnippet({ plistType: 'boolean', default: true })), '<false/>');
});

test('a whole payload from PayloadContent gets fresh UUIDs and checks clean apart from the placeholders', () => {
  const { text, offset } = withCursor(readFixture('completion', 'payload-content.mobileconfig'));
  const items = completionsAt(text, offset).filter((i) => i.kind === 'payload');
  assert.ok(items.length >= 6);
  const uuids = new Set<string>();
  for (const item of items) {
    const applied = applyCompletion(text, item);
    for (const m of applied.matchAll(/<key>PayloadUUID<\/key>\s*<string>([^<]*)<\/string>/g)) uuids.add(m[1]);
    const result = checkText(applied, { documentId: 'x.mobileconfig' });
    const structural = result.problems.filter((p) => /^DPS[123]\d\d$/.test(p.code) && p.severity === 'error' && p.code !== 'DPS201');
    assert.deepEqual(
      structural.map((p) => `${p.code} ${p.message}`),
      [],
      item.label,
    );
  }
  for (const u of uuids) assert.match(u, /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
  assert.equal(uuids.size, items.length, 'each inserted payload has its own UUID');
});

test('payload templates take the org host the deployment already uses', () => {
  const { text, offset } = withCursor(readFixture('completion', 'payload-content.mobileconfig'));
  const item = completionsAt(text, offset, { known: { orgHost: 'acme.okta.com' } }).find((i) => i.label === 'Okta Verify settings (com.okta.mobile)');
  assert.ok(item);
  assert.match(applyCompletion(text, item), /<string>https:\/\/acme\.okta\.com<\/string>/);
});

test('every offered MDM variable is one the checks treat as a variable', () => {
  for (const v of MDM_VARIABLES) assert.ok(isPlaceholder(v.value), v.value);
});
