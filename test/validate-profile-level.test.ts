import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../server/src/core/check';
import { PROFILE_SCHEMA_ID } from '../server/src/core/schema/registry';
import { validateDict } from '../server/src/core/schema/validate';
import { corpusFiles, repoFiles } from './helpers/corpus';

// The profile's own schema (Configuration) is validated with each payload of PayloadContent given to ajv as an
// empty object (`itemsApart`): every payload is validated on its own anyway. The problems must be exactly those of
// validating the whole profile copied to JSON.

function bothWays(text: string, name: string): void {
  const { document } = parseDocument({ documentId: name, fileName: name, text });
  if (!document.profileDict) return;
  const target = { dict: document.profileDict, schemaId: PROFILE_SCHEMA_ID, keyPath: '', label: 'The profile' };
  assert.deepEqual(validateDict({ ...target, itemsApart: 'PayloadContent' }), validateDict(target), name);
}

const profile = (content: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict>${extra}<key>PayloadContent</key>${content}<key>PayloadType</key><string>Configuration</string></dict></plist>`;

test('profile-level validation with the payloads apart: the same problems on hand-made edge cases', () => {
  const payload = '<dict><key>PayloadType</key><string>com.apple.security.scep</string><key>Bogus</key><true/></dict>';
  const cases = [
    profile(`<array>${payload}${payload}</array>`),
    profile(`<array>${payload}<string>not a dict</string><array/><integer>3</integer>${payload}</array>`),
    profile('<dict><key>A</key><string>x</string></dict>'),
    profile('<string>PayloadContent as a string</string>'),
    profile(
      `<array>${payload}</array><key>PayloadContent</key><array><true/></array>`,
      '<key>__proto__</key><string>x</string><key>Unknown</key><integer>1</integer>',
    ),
    profile(`<array/>`, '<key>PayloadVersion</key><real>1.5</real><key>PayloadScope</key><string>system</string><key>PayloadContent</key><array/>'),
    profile('<array></array>', '<key>PayloadContent</key>'),
  ];
  cases.forEach((text, i) => bothWays(text, `case-${i}.mobileconfig`));
});

test('profile-level validation with the payloads apart: the same problems on the examples and the corpus', () => {
  for (const file of [...repoFiles('examples'), ...repoFiles('test/fixtures'), ...corpusFiles()]) {
    bothWays(new TextDecoder().decode(file.bytes), file.name);
  }
});
