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
