// Inline suppressions (`<!-- dps-profiles-disable-next-line CODE -->`, `<!-- dps-profiles-disable CODE -->`),
// applied by the core where problems are finalised, so the CLI and the editor agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, checkDeployment, checkRun, checkText, disableNextLineFix, LineIndex, unusedDirectiveProblems } from '../server/src/core';

const root = path.resolve(__dirname, '..', '..');
const CLEAN = fs.readFileSync(path.join(root, 'test', 'fixtures', 'precommit', 'clean.mobileconfig'), 'utf8');
// Two keys the profile's top level does not define: DPS302 twice, on two lines.
const UNKNOWN = CLEAN.replace(
  '\t<string>Pre-commit test profile</string>\n',
  '\t<string>Pre-commit test profile</string>\n\t<key>AgentSetting</key>\n\t<string>a</string>\n\t<key>OtherSetting</key>\n\t<string>b</string>\n',
);

const codes = (text: string) => checkText(text, { documentId: 'a.mobileconfig' }).problems.map((p) => p.code);

test('the fixture reports DPS302 twice without suppressions (so the tests below can fail)', () => {
  assert.deepEqual(codes(UNKNOWN), ['DPS302', 'DPS302']);
});

test('disable-next-line silences the code on the next line only; the reason after a lone "-" is kept', () => {
  const text = UNKNOWN.replace(
    '\t<key>AgentSetting</key>',
    '\t<!-- dps-profiles-disable-next-line DPS302 - our agent reads this key -->\n\t<key>AgentSetting</key>',
  );
  const result = checkText(text, { documentId: 'a.mobileconfig' });
  assert.deepEqual(
    result.problems.map((p) => [p.code, result.lineIndex.positionAt(p.span.start).line]),
    [['DPS302', text.split('\n').findIndex((l) => l.includes('OtherSetting'))]],
  );
  assert.equal(result.suppressions?.directives[0].reason, 'our agent reads this key');
  assert.deepEqual(unusedDirectiveProblems(result.suppressions!, result.lineIndex), []);
});

test('a rule name works as well as a code; a comma-separated list; the file-level form covers the whole file', () => {
  assert.deepEqual(codes(UNKNOWN.replace('<plist version="1.0">', '<plist version="1.0">\n<!-- dps-profiles-disable unknown-key -->')), []);
  assert.deepEqual(codes(UNKNOWN.replace('<plist version="1.0">', '<plist version="1.0">\n<!-- dps-profiles-disable DPS470,DPS302 -->')), []);
});

test('another code on that line is not silenced; an unused directive is DPS010 (on request) with a safe removal', () => {
  const text = UNKNOWN.replace('\t<key>AgentSetting</key>', '\t<!-- dps-profiles-disable-next-line DPS470 -->\n\t<key>AgentSetting</key>');
  const result = checkText(text, { documentId: 'a.mobileconfig' });
  assert.deepEqual(
    result.problems.map((p) => p.code),
    ['DPS302', 'DPS302'],
  );
  const unused = unusedDirectiveProblems(result.suppressions!, result.lineIndex);
  assert.equal(unused.length, 1);
  assert.equal(unused[0].code, 'DPS010');
  assert.match(unused[0].message, /DPS470/);
  const fix = unused[0].fixes![0];
  assert.equal(fix.safe, true);
  assert.equal(applyEdits(text, fix.edits), UNKNOWN, 'removing the comment restores the file, line and all');
});

test('an unknown code in a directive is DPS011 at that word, and "--" (not allowed in XML comments) stays a DPS101', () => {
  const text = UNKNOWN.replace('\t<key>AgentSetting</key>', '\t<!-- dps-profiles-disable-next-line DPS47 -->\n\t<key>AgentSetting</key>');
  const result = checkText(text, { documentId: 'a.mobileconfig' });
  const dps011 = result.problems.find((p) => p.code === 'DPS011');
  assert.ok(dps011);
  assert.equal(text.slice(dps011.span.start, dps011.span.end), 'DPS47');
  const dashes = UNKNOWN.replace('\t<key>AgentSetting</key>', '\t<!-- dps-profiles-disable-next-line DPS302 -- reason -->\n\t<key>AgentSetting</key>');
  assert.ok(codes(dashes).includes('DPS101'));
});

test('problems across deployments (DPS212) are silenced by the comment in the file they are reported in', () => {
  const example = (name: string) => fs.readFileSync(path.join(root, 'examples', name), 'utf8');
  const a = example('okta-dps-psso2.mobileconfig');
  const inputs = [
    { documentId: 'one/a.mobileconfig', text: a },
    {
      documentId: 'two/b.mobileconfig',
      text: a
        .replace(
          /<string>[0-9A-F]{8}-[0-9A-F-]{27}<\/string>/g,
          (m, i: number) => `<string>${(i % 10).toString().repeat(8)}-1111-4111-8111-111111111111</string>`,
        )
        .replace(/com\.example\.[a-z.]+/g, (m) => `${m}.two`),
    },
  ];
  const before = checkRun(inputs, { grouping: 'folder' }).results.flatMap((r) => r.problems.map((p) => `${r.documentId} ${p.code}`));
  assert.ok(
    before.some((p) => p.endsWith('DPS212')),
    before.join('\n'),
  );
  const silenced = inputs.map((i) => ({
    ...i,
    text: i.text.replace('<plist version="1.0">', '<plist version="1.0">\n<!-- dps-profiles-disable DPS212 - the two deployments never reach one Mac -->'),
  }));
  const after = checkRun(silenced, { grouping: 'folder' }).results.flatMap((r) => r.problems.map((p) => p.code));
  assert.ok(!after.includes('DPS212'), after.join(' '));
});

test('the quick fix "Disable DPS302 for this line" inserts the comment above, indented, and silences the problem', () => {
  const result = checkText(UNKNOWN, { documentId: 'a.mobileconfig' });
  const problem = result.problems[0];
  const fix = disableNextLineFix(UNKNOWN, problem, result.lineIndex)!;
  assert.equal(fix.title, 'Disable DPS302 for this line');
  const fixed = applyEdits(UNKNOWN, fix.edits);
  assert.match(fixed, /\n\t<!-- dps-profiles-disable-next-line DPS302 -->\n\t<key>AgentSetting<\/key>/);
  assert.deepEqual(codes(fixed), ['DPS302']);
  assert.equal(disableNextLineFix(UNKNOWN, { code: 'DPS101', span: { start: 3 } }, new LineIndex(UNKNOWN)), undefined, 'never before the XML declaration');
  assert.deepEqual(checkDeployment([{ documentId: 'x', text: fixed }])[0].problems.length, 1);
});
