import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../server/src/core';

// JSON cannot tell these element types apart; the plistType keyword (compiled into the standalone
// validators, with its lookup in schema/plist-type.ts) must still report them.
function profileWith(entries: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
  <key>PayloadType</key><string>Configuration</string>
  <key>PayloadVersion</key><integer>1</integer>
  <key>PayloadIdentifier</key><string>com.example.profile</string>
  <key>PayloadUUID</key><string>5B1E1B3A-8C2F-4E57-9A51-2D1B8F0C6A11</string>
  <key>PayloadContent</key><array/>
  ${entries}
</dict>
</plist>
`;
}

function typeProblems(entries: string) {
  return checkText(profileWith(entries), { documentId: 'plist-type.mobileconfig', fileName: 'plist-type.mobileconfig' })
    .problems.filter((p) => p.code === 'DPS303')
    .map((p) => ({ keyPath: p.keyPath, data: p.data }));
}

test('<real> where <integer> is expected is DPS303', () => {
  assert.deepEqual(typeProblems('<key>TargetDeviceType</key><real>5</real>'), [{ keyPath: 'TargetDeviceType', data: { expected: 'integer', actual: 'real' } }]);
});

test('<string> where <data> or <date> is expected is DPS303', () => {
  assert.deepEqual(typeProblems('<key>EncryptedPayloadContent</key><string>AAEC</string>'), [
    { keyPath: 'EncryptedPayloadContent', data: { expected: 'data', actual: 'string' } },
  ]);
  assert.deepEqual(typeProblems('<key>RemovalDate</key><string>2030-01-01T00:00:00Z</string>'), [
    { keyPath: 'RemovalDate', data: { expected: 'date', actual: 'string' } },
  ]);
});

test('<date> or <data> where <string> is expected is DPS303, also inside a dictionary', () => {
  assert.deepEqual(typeProblems('<key>PayloadDescription</key><date>2030-01-01T00:00:00Z</date>'), [
    { keyPath: 'PayloadDescription', data: { expected: 'string', actual: 'date' } },
  ]);
  assert.deepEqual(typeProblems('<key>ConsentText</key><dict><key>en</key><data>AAEC</data></dict>'), [
    { keyPath: 'ConsentText.en', data: { expected: 'string', actual: 'data' } },
  ]);
});

test('the matching elements, and <integer> where <real> is expected, are accepted', () => {
  assert.deepEqual(
    typeProblems(
      '<key>DurationUntilRemoval</key><integer>3600</integer><key>TargetDeviceType</key><integer>5</integer>' +
        '<key>EncryptedPayloadContent</key><data>AAEC</data><key>RemovalDate</key><date>2030-01-01T00:00:00Z</date>',
    ),
    [],
  );
});

test('plistTypeMismatch: every expected type against every element, in dicts and arrays, with a duplicate key', async () => {
  const { plistTypeMismatch, withPlistNodes, PLIST_TYPES } = await import('../server/src/core/schema/plist-type');
  const { toJson } = await import('../server/src/core/plist/json');
  const { parsePlist } = await import('../server/src/core/plist/parse');
  const elements: Record<string, string> = {
    string: '<string>x</string>',
    integer: '<integer>1</integer>',
    real: '<real>1.5</real>',
    true: '<true/>',
    false: '<false/>',
    date: '<date>2024-01-01T00:00:00Z</date>',
    data: '<data>AAAA</data>',
    array: '<array><integer>1</integer></array>',
    dict: '<dict><key>a</key><string>b</string></dict>',
  };
  const kindOf = (name: string) => (name === 'true' || name === 'false' ? 'boolean' : name);
  const expectedName = (name: string) => (name === 'true' ? '<true/>' : name === 'false' ? '<false/>' : `<${name}>`);
  const names = Object.keys(elements);
  // Each element under its own key, a key given twice (the last one counts) and the same elements in an array.
  const keys = names.map((n) => `<key>${n}</key>${elements[n]}`).join('');
  const text = `<plist version="1.0"><dict>${keys}<key>twice</key><string>first</string><key>twice</key><true/><key>list</key><array>${Object.values(elements).join('')}</array></dict></plist>`;
  const root = parsePlist(text).root!;
  const nodeOf = new Map();
  const data = toJson(root, nodeOf) as Record<string, unknown>;
  withPlistNodes(nodeOf, () => {
    for (const expected of PLIST_TYPES) {
      names.forEach((name, i) => {
        const kind = kindOf(name);
        const matches = expected === 'any' || kind === expected || (expected === 'real' && kind === 'integer');
        const want = matches ? undefined : expectedName(name);
        assert.equal(plistTypeMismatch(expected, data, name), want, `${expected} vs ${name} in a dict`);
        assert.equal(plistTypeMismatch(expected, data.list, i), want, `${expected} vs ${name} in an array`);
      });
      const twice = expected === 'any' || expected === 'boolean' ? undefined : '<true/>';
      assert.equal(plistTypeMismatch(expected, data, 'twice'), twice, `${expected} vs a key given twice`);
    }
  });
});
