import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AsciiTexts, asciiText } from '../server/src/node/ascii-text';
import { checkDeployment, decodeBytes } from '../server/src/core';

// The CLI reads plain ASCII files itself (asciiText) instead of handing the bytes to the core's decodeBytes: the
// text, and so every check of it, must be the same, and anything the core would treat otherwise must be left to it.

const root = path.join(__dirname, '..', '..');
function profilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(mobileconfig|plist)$/i.test(e.name))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

test('for every example, fixture and corpus file read as ASCII, the text and the check equal the decoded bytes', () => {
  const files = [
    ...profilesUnder(path.join(root, 'examples')),
    ...profilesUnder(path.join(root, 'test', 'fixtures')),
    ...profilesUnder(path.join(root, '..', 'shared', 'corpus', 'files')),
  ];
  let ascii = 0;
  let other = 0;
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    const text = asciiText(bytes);
    if (text === undefined) {
      other++;
      continue;
    }
    ascii++;
    assert.equal(text, decodeBytes(bytes).text, file);
    const [fromText] = checkDeployment([{ documentId: 'f', fileName: path.basename(file), text }]);
    const [fromBytes] = checkDeployment([{ documentId: 'f', fileName: path.basename(file), bytes }]);
    // Fixes that add a payload carry a fresh UUID each time: compared without them.
    const seen = (problems: typeof fromText.problems) => problems.map(({ fixes: _fixes, ...rest }) => rest);
    assert.deepEqual(seen(fromText.problems), seen(fromBytes.problems), file);
  }
  assert.ok(ascii > 0, 'some files are ASCII');
  assert.ok(other > 0, 'some files are not (non-ASCII text, binary or signed)');
});

test('bytes the core decodes otherwise are left to it', () => {
  const cases: [string, Buffer][] = [
    ['empty', Buffer.alloc(0)],
    ['blank', Buffer.from(' \n\t\r\n')],
    ['non-ASCII (UTF-8)', Buffer.from('<plist><string>café</string></plist>')],
    ['UTF-8 byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<plist/>')])],
    ['UTF-16 without a byte order mark', Buffer.from('<?xml version="1.0"?><plist/>', 'utf16le')],
    ['a NUL byte far into the file', Buffer.concat([Buffer.from('<plist>'), Buffer.alloc(9000, 0x20), Buffer.from([0]), Buffer.from('</plist>')])],
    ['binary plist', Buffer.from('bplist00abc')],
    ['starts like DER', Buffer.from('0\x06abcdef')],
  ];
  for (const [name, bytes] of cases) assert.equal(asciiText(bytes), undefined, name);
  assert.equal(asciiText(Buffer.from('<plist><true/></plist>\n')), '<plist><true/></plist>\n');
});

test('AsciiTexts gives every file the text asciiText gives, and the others their own bytes, across shared-buffer flushes', () => {
  // The CLI reads file after file into the shared buffer (AsciiTexts.allocate) and takes each: the texts are slices of
  // strings made when the buffer fills, and a file that is not plain ASCII keeps a copy of its bytes, which later
  // reads into the reused buffer must not change.
  const sizes = [1, 13, 700, 4096, 40_000, 120_000, AsciiTexts.CHUNK - 5, AsciiTexts.CHUNK, AsciiTexts.CHUNK + 1, 300_000];
  const kinds = [
    (n: number) => Buffer.from('<plist>'.padEnd(n, 'x')),
    (n: number) => Buffer.from('é'.repeat(Math.ceil(n / 2))).subarray(0, n), // not ASCII
    (n: number) => Buffer.alloc(n, 0x20), // blank
    (n: number) => Buffer.from('bplist00'.padEnd(n, 'y')).subarray(0, n),
    (n: number) => Buffer.from('<a>'.padEnd(n, '\n')),
  ];
  const files: Buffer[] = [];
  for (let round = 0; round < 3; round++) sizes.forEach((n, i) => files.push(kinds[(i + round) % kinds.length](n).subarray(0, n)));

  const texts = new AsciiTexts();
  const got: { text?: string; bytes?: Buffer }[] = [];
  for (const file of files) {
    const into = texts.allocate(file.length);
    assert.equal(into.length, file.length);
    file.copy(into);
    const result: { text?: string; bytes?: Buffer } = {};
    const taken = texts.take(into, (text) => (result.text = text));
    if (!taken.text) result.bytes = taken.bytes;
    got.push(result);
  }
  texts.flush();
  let asText = 0;
  files.forEach((file, i) => {
    const expected = asciiText(file);
    if (expected !== undefined) {
      asText++;
      assert.equal(got[i].text, expected, `file ${i}: the text`);
    } else assert.ok(got[i].bytes?.equals(file), `file ${i}: its own bytes, unchanged by later reads`);
  });
  assert.ok(asText > 5 && asText < files.length, `${asText} of ${files.length} as text`);
});
