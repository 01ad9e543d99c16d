import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBytes } from '../server/src/core/decode';

// decodeBytes shares one strict UTF-8 decoder between calls: a file that fails must leave nothing behind for the next.
test('one strict UTF-8 decoder serves file after file, invalid ones in between', () => {
  const valid = new TextEncoder().encode('<plist><string>caf\u00e9 \u2713</string></plist>');
  const truncated = valid.subarray(0, valid.indexOf(0xa9)); // ends inside the two bytes of é
  const invalid = Uint8Array.from([...new TextEncoder().encode('<plist><string>'), 0xff, 0xfe, 0x41, ...new TextEncoder().encode('</string></plist>')]);
  for (let round = 0; round < 3; round++) {
    assert.equal(decodeBytes(valid).text, '<plist><string>caf\u00e9 \u2713</string></plist>');
    assert.equal(decodeBytes(valid).problems.length, 0);
    const cut = decodeBytes(truncated);
    assert.equal(cut.problems[0]?.code, 'DPS103');
    assert.equal(cut.text, '<plist><string>caf\uFFFD');
    const bad = decodeBytes(invalid);
    assert.equal(bad.problems[0]?.code, 'DPS103');
    assert.equal(bad.text, '<plist><string>\uFFFD\uFFFDA</string></plist>');
  }
});
