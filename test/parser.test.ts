import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlist, MAX_DEPTH } from '../server/src/core/plist/parse';
import { getEntry, type DictNode, type PlistNode } from '../server/src/core/plist/ast';
import { toJson } from '../server/src/core/plist/json';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n';

function parse(body: string) {
  return parsePlist(body);
}
function codes(body: string): string[] {
  return parse(body).problems.map((p) => p.code);
}
function rootDict(body: string): DictNode {
  const r = parse(body).root;
  assert.equal(r?.kind, 'dict');
  return r as DictNode;
}
const slice = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

test('every node carries exact offsets for element, key name and content', () => {
  const text = `${HEAD}<plist version="1.0">\n<dict>\n\t<key>Name</key>\n\t<string>a &amp; b</string>\n\t<key>N</key>\n\t<integer>42</integer>\n\t<key>On</key>\n\t<true/>\n\t<key>List</key>\n\t<array><real>1.5</real><date>2024-01-02T03:04:05Z</date><data>AAEC</data></array>\n</dict>\n</plist>\n`;
  const res = parsePlist(text);
  assert.deepEqual(res.problems, []);
  const d = res.root as DictNode;
  assert.equal(slice(text, d.openTag), '<dict>');
  assert.ok(slice(text, d.span).startsWith('<dict>') && slice(text, d.span).endsWith('</dict>'));
  const name = getEntry(d, 'Name')!;
  assert.equal(slice(text, name.keySpan), '<key>Name</key>');
  assert.equal(slice(text, name.keyNameSpan), 'Name');
  assert.equal(slice(text, name.value!.span), '<string>a &amp; b</string>');
  assert.equal(slice(text, name.value!.content), 'a &amp; b');
  assert.equal((name.value as { value: string }).value, 'a & b');
  const n = getEntry(d, 'N')!.value!;
  assert.equal(n.kind, 'integer');
  assert.equal(slice(text, n.content), '42');
  const on = getEntry(d, 'On')!.value!;
  assert.equal(slice(text, on.span), '<true/>');
  const list = getEntry(d, 'List')!.value!;
  assert.equal(list.kind, 'array');
  assert.deepEqual(toJson(list), [1.5, '2024-01-02T03:04:05Z', 'AAEC']);
  assert.equal(n.parent, d);
  assert.equal(slice(text, res.plistSpan!), text.slice(text.indexOf('<plist'), text.lastIndexOf('>') + 1));
});

test('CRLF, bare CR, no XML declaration, comments between key and value, <true />, empty elements, non-ASCII', () => {
  const text =
    '<plist>\r\n<dict>\r<key>K</key>\r\n<!-- a comment -->\r\n<string>é 😀 ü</string><key>B</key> <true /><key>E</key><string/><key>I</key><!--x--><integer>-7</integer></dict></plist>';
  const res = parsePlist(text);
  assert.deepEqual(res.problems, []);
  const d = res.root as DictNode;
  assert.deepEqual(toJson(d), { K: 'é 😀 ü', B: true, E: '', I: -7 });
  const k = getEntry(d, 'K')!.value!;
  assert.equal(slice(text, k.content), 'é 😀 ü');
  assert.equal(slice(text, getEntry(d, 'B')!.value!.span), '<true />');
  const e = getEntry(d, 'E')!.value!;
  assert.equal(e.content.start, e.content.end);
});

test('character references and predefined entities are decoded', () => {
  const d = rootDict('<plist><dict><key>&lt;k&gt;</key><string>&#65;&#x42;&quot;&apos;</string></dict></plist>');
  assert.deepEqual(toJson(d), { '<k>': 'AB"\'' });
});

test('duplicate keys are reported on the second key, with the first as related', () => {
  const text = '<plist><dict><key>A</key><string>1</string><key>A</key><string>2</string></dict></plist>';
  const res = parsePlist(text);
  assert.deepEqual(
    res.problems.map((p) => p.code),
    ['DPS109'],
  );
  assert.equal(res.problems[0].span.start, text.lastIndexOf('<key>A</key>'));
  assert.equal(res.problems[0].related![0].span.start, text.indexOf('<key>A</key>'));
  assert.deepEqual(toJson(res.root!), { A: '2' }, 'the last value wins, as on macOS');
});

test('a <real> is kept as a real, never a crash', () => {
  const d = rootDict('<plist><dict><key>N</key><real>3.0</real></dict></plist>');
  assert.equal(getEntry(d, 'N')!.value!.kind, 'real');
});

test('bad scalar text is reported at the content', () => {
  const text = '<plist><array><integer>1.5</integer><real>abc</real><date>yesterday</date><data>*not*</data><integer/></array></plist>';
  const res = parsePlist(text);
  assert.deepEqual(
    res.problems.map((p) => p.code),
    ['DPS110', 'DPS111', 'DPS112', 'DPS113', 'DPS110'],
  );
  assert.equal(slice(text, res.problems[0].span), '1.5');
});

test('key without value and value without key', () => {
  assert.deepEqual(codes('<plist><dict><key>A</key><key>B</key><true/></dict></plist>'), ['DPS107']);
  assert.deepEqual(codes('<plist><dict><key>A</key></dict></plist>'), ['DPS107']);
  assert.deepEqual(codes('<plist><dict><string>x</string></dict></plist>'), ['DPS108']);
});

test('unknown elements and stray text', () => {
  assert.deepEqual(codes('<plist><dict><key>A</key><bool>x</bool></dict></plist>'), ['DPS106', 'DPS107']);
  assert.deepEqual(codes('<plist><dict>hello<key>A</key><true/></dict></plist>'), ['DPS115']);
});

test('malformed XML: exact place, and the rest of the file still parsed', () => {
  const text = '<plist><dict><key>A</key><string>x</dict><key>B</key><true/></plist>';
  const res = parsePlist(text);
  assert.ok(res.problems.some((p) => p.code === 'DPS101'));
  const firstError = res.problems.find((p) => p.code === 'DPS101')!;
  assert.ok(firstError.span.start >= text.indexOf('</dict>') - 1 && firstError.span.start <= text.indexOf('</dict>') + 7, JSON.stringify(firstError));
  assert.equal(res.root?.kind, 'dict');
  assert.equal(getEntry(res.root as DictNode, 'A')!.value!.kind, 'string');
});

test('a truncated file keeps what was read', () => {
  const res = parsePlist('<plist><dict><key>PayloadType</key><string>Configuration</string><key>X</key><arr');
  assert.ok(res.problems.some((p) => p.code === 'DPS101'));
  assert.equal(getEntry(res.root as DictNode, 'PayloadType')!.value!.kind, 'string');
});

test('no external entity is resolved and no DTD is fetched (XXE)', () => {
  const text =
    '<?xml version="1.0"?>\n<!DOCTYPE plist [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<plist><dict><key>A</key><string>&xxe;</string></dict></plist>';
  const res = parsePlist(text);
  const a = getEntry(res.root as DictNode, 'A')!.value as PlistNode & { value: string };
  assert.equal(a.value, '&xxe;', 'the reference stays literal');
  assert.ok(!a.value.includes('root:'), 'no file content leaked');
  assert.ok(res.problems.some((p) => p.code === 'DPS104'));
  assert.ok(
    res.problems.some((p) => p.code === 'DPS101'),
    'undefined entity reported',
  );
  const sys = parsePlist('<!DOCTYPE plist SYSTEM "http://127.0.0.1:9/evil.dtd"><plist><string>x</string></plist>');
  assert.ok(sys.problems.some((p) => p.code === 'DPS104'));
});

test('entities of an internal subset are never expanded (billion laughs)', () => {
  let decl = '<!ENTITY l0 "lol">';
  for (let i = 1; i < 10; i++) decl += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
  const text = `<?xml version="1.0"?><!DOCTYPE plist [${decl}]><plist><string>&l9;</string></plist>`;
  const started = Date.now();
  const res = parsePlist(text);
  assert.ok(Date.now() - started < 2000);
  assert.equal((res.root as { value: string }).value, '&l9;');
  assert.ok(res.problems.some((p) => p.code === 'DPS104'));
});

test('deep nesting is cut off with a diagnostic, not a stack overflow', () => {
  const depth = 100_000;
  const text = '<plist>' + '<array>'.repeat(depth) + '</array>'.repeat(depth) + '</plist>';
  const res = parsePlist(text);
  assert.deepEqual(
    res.problems.map((p) => p.code),
    ['DPS114'],
  );
  let n: PlistNode | undefined = res.root;
  let levels = 0;
  while (n && n.kind === 'array') {
    levels++;
    n = n.items[0];
  }
  assert.equal(levels, MAX_DEPTH);
  toJson(res.root!); // walks the kept tree without overflowing
});

test('root element that is not <plist> still gets its value parsed', () => {
  const res = parsePlist('<dict><key>A</key><true/></dict>');
  assert.deepEqual(
    res.problems.map((p) => p.code),
    ['DPS105'],
  );
  assert.deepEqual(toJson(res.root!), { A: true });
});

test('empty <plist> and non-plist text', () => {
  const placed = (text: string) => parsePlist(text).problems.map((p) => ({ code: p.code, span: p.span }));
  assert.deepEqual(placed('<plist></plist>'), [{ code: 'DPS105', span: { start: 0, end: 15 } }]);
  // Text outside any element and no root element: both at the end of the text, where the parser gives up.
  assert.deepEqual(placed('hello'), [
    { code: 'DPS101', span: { start: 4, end: 5 } },
    { code: 'DPS101', span: { start: 4, end: 5 } },
  ]);
  assert.match(parsePlist('hello').problems[0].message, /outside of root/);
  // An empty text: one problem, an empty span at offset 0, and no tree.
  const empty = parsePlist('');
  assert.deepEqual(placed(''), [{ code: 'DPS101', span: { start: 0, end: 0 } }]);
  assert.match(empty.problems[0].message, /root element/);
  assert.equal(empty.root, undefined);
});

test('a key named __proto__ is data, not a prototype', () => {
  const json = toJson(rootDict('<plist><dict><key>__proto__</key><dict><key>polluted</key><true/></dict></dict></plist>')) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(json), Object.prototype);
  assert.deepEqual(Object.keys(json), ['__proto__']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('an MDM variable inside <integer> is DPS480, not a malformed number', () => {
  const text = '<plist><dict><key>minLength</key><integer>{{passcode_length}}</integer><key>N</key><real>$RATIO</real></dict></plist>';
  const res = parsePlist(text);
  assert.deepEqual(
    res.problems.map((p) => p.code),
    ['DPS480', 'DPS480'],
  );
  assert.equal(slice(text, res.problems[0].span), '{{passcode_length}}');
});

test('PEM armour in <data> is reported as such', () => {
  const res = parsePlist('<plist><data>-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----</data></plist>');
  assert.deepEqual(
    res.problems.map((p) => [p.code, p.data?.pem]),
    [['DPS113', true]],
  );
});

test('stray text is placed on its source text, entities and CRLF included', () => {
  const a = '<plist><dict>x &amp; y<key>a</key><true/></dict></plist>';
  const pa = parsePlist(a).problems.find((p) => p.code === 'DPS115')!;
  assert.equal(slice(a, pa.span), 'x &amp; y');
  const b = '<plist><dict><!-- c -->\r\n  stray\r\n  text here\r\n<key>a</key><true/></dict></plist>';
  const pb = parsePlist(b).problems.find((p) => p.code === 'DPS115')!;
  assert.equal(slice(b, pb.span), 'stray\r\n  text here');
});
