import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlist, parseWithSaxes } from '../server/src/core/plist/parse';
import { parseFast } from '../server/src/core/plist/fast-parse';
import type { ParseResult } from '../server/src/core/plist/build';
import type { DictEntry, PlistNode, Span } from '../server/src/core/plist/ast';
import { decodeBytes } from '../server/src/core/decode';
import { CORPUS_ABSENT, corpusFiles, repoFiles, sharedCorpusDir } from './helpers/corpus';
import { MUTATIONS, Random, mutate } from './helpers/fuzz';
import { SYNTHETIC } from './helpers/fuzz-documents';

/**
 * Differential test of the parser's fast path (plist/fast-parse.ts) against the saxes-based parser.
 * Wherever the fast path accepts a text, its tree (kinds, values, every span, entry order, parent links)
 * and its problems must be those of the saxes path; where it gives up, parsePlist must give the saxes
 * result. Inputs: the shared corpus, every example and test fixture, the mutants of test/fuzz.test.ts
 * (same seeds and generator) and mutants made of the constructs at the edge of the fast path's subset.
 * Both counts (accepted, given up) are asserted to be above zero, so the test cannot pass vacuously.
 */

const SEED = 0x0d95eed5; // test/fuzz.test.ts's seed
const MUTANTS_PER_CORPUS_FILE = 5;
const MUTANTS_PER_SYNTHETIC = 150;
const EDGE_MUTANTS_PER_BASE = 200;

const spanText = (s: Span | undefined) => (s ? `${s.start}-${s.end}` : 'none');

/** Every difference between two trees, as paths; parents are compared through the walk (each node's parent is the node walked from). */
function treeDifferences(
  a: PlistNode | undefined,
  b: PlistNode | undefined,
  path: string,
  parentA: PlistNode | undefined,
  parentB: PlistNode | undefined,
  out: string[],
) {
  if (out.length > 20) return;
  if (!a || !b) {
    if (a !== b) out.push(`${path}: ${a ? a.kind : 'missing'} vs ${b ? b.kind : 'missing'}`);
    return;
  }
  if (a.kind !== b.kind) {
    out.push(`${path}: kind ${a.kind} vs ${b.kind}`);
    return;
  }
  if (a.parent !== parentA || b.parent !== parentB) out.push(`${path}: parent link`);
  for (const f of ['span', 'openTag', 'content'] as const)
    if (spanText(a[f]) !== spanText(b[f])) out.push(`${path}.${f}: ${spanText(a[f])} vs ${spanText(b[f])}`);
  if (a.kind === 'dict' && b.kind === 'dict') {
    if (a.entries.length !== b.entries.length) out.push(`${path}: ${a.entries.length} vs ${b.entries.length} entries`);
    a.entries.forEach((ea: DictEntry, i) => {
      const eb = b.entries[i];
      if (!eb) return;
      const p = `${path}{${i}:${JSON.stringify(ea.key)}}`;
      if (ea.key !== eb.key) out.push(`${p}: key ${JSON.stringify(ea.key)} vs ${JSON.stringify(eb.key)}`);
      if (spanText(ea.keySpan) !== spanText(eb.keySpan)) out.push(`${p}.keySpan`);
      if (spanText(ea.keyNameSpan) !== spanText(eb.keyNameSpan)) out.push(`${p}.keyNameSpan`);
      treeDifferences(ea.value, eb.value, p, a, b, out);
    });
  } else if (a.kind === 'array' && b.kind === 'array') {
    if (a.items.length !== b.items.length) out.push(`${path}: ${a.items.length} vs ${b.items.length} items`);
    a.items.forEach((it, i) => treeDifferences(it, b.items[i], `${path}[${i}]`, a, b, out));
  } else {
    const va = (a as { value: unknown }).value;
    const vb = (b as { value: unknown }).value;
    if (!Object.is(va, vb)) out.push(`${path}: value ${JSON.stringify(va)} vs ${JSON.stringify(vb)}`);
    if ((a as { raw?: string }).raw !== (b as { raw?: string }).raw) out.push(`${path}: raw`);
  }
}

/** The problems as plain data, spans as {start, end}, every field kept (an undefined `data` included). */
function problemsOf(r: ParseResult) {
  const plain = (s: Span) => ({ start: s.start, end: s.end });
  return r.problems.map((p) => ({
    ...p,
    span: plain(p.span),
    related: p.related?.map((rel) => ({ ...rel, span: plain(rel.span) })),
    hasData: Object.prototype.hasOwnProperty.call(p, 'data'),
  }));
}

interface Tally {
  accepted: number;
  fellBack: number;
  acceptedWithProblems: number;
}

/** Compares the two paths on one text; counts whether the fast path took it. */
function compare(text: string, label: string, tally: Tally) {
  const saxes = parseWithSaxes(text);
  const fast = parseFast(text);
  if (fast === undefined) {
    tally.fellBack++;
    // Then parsePlist is the saxes parser.
    assert.deepEqual(problemsOf(parsePlist(text)), problemsOf(saxes), `${label}: parsePlist after the fast path gave up`);
    return;
  }
  tally.accepted++;
  if (fast.problems.length) tally.acceptedWithProblems++;
  const differences: string[] = [];
  treeDifferences(fast.root, saxes.root, 'root', undefined, undefined, differences);
  if (spanText(fast.plistSpan) !== spanText(saxes.plistSpan)) differences.push(`plistSpan ${spanText(fast.plistSpan)} vs ${spanText(saxes.plistSpan)}`);
  assert.deepEqual(differences, [], `${label}: trees differ\n${JSON.stringify(text.slice(0, 300))}`);
  assert.deepEqual(problemsOf(fast), problemsOf(saxes), `${label}: problems differ`);
}

const textOf = (bytes: Uint8Array) => decodeBytes(bytes).text;
const newTally = (): Tally => ({ accepted: 0, fellBack: 0, acceptedWithProblems: 0 });

test('fast parser = saxes parser on every example and test fixture', () => {
  const tally = newTally();
  for (const f of [...repoFiles('examples'), ...repoFiles('test/fixtures')]) {
    const text = textOf(f.bytes);
    if (text !== undefined) compare(text, f.name, tally);
  }
  for (const [name, text] of Object.entries(SYNTHETIC)) compare(text, name, tally);
  console.log(`fast-parse differential: examples and fixtures: ${tally.accepted} accepted, ${tally.fellBack} given to saxes`);
  assert.ok(tally.accepted > 0 && tally.fellBack > 0, JSON.stringify(tally));
});

test('fast parser = saxes parser on every corpus file', (t) => {
  if (!sharedCorpusDir()) {
    t.skip(CORPUS_ABSENT);
    return;
  }
  const tally = newTally();
  for (const f of [...corpusFiles('files'), ...corpusFiles('signed')]) {
    const text = textOf(f.bytes);
    if (text !== undefined) compare(text, f.name, tally);
  }
  console.log(
    `fast-parse differential: corpus: ${tally.accepted} accepted (${tally.acceptedWithProblems} with plist problems), ${tally.fellBack} given to saxes`,
  );
  assert.ok(tally.accepted > 0, JSON.stringify(tally));
});

/** Runs the mutants of test/fuzz.test.ts (same seeds, same order of mutations) through the comparison. */
function fuzzMutants(bases: { name: string; bytes: Buffer }[], perBase: number, rnd: Random, tally: Tally) {
  let inputs = 0;
  for (const base of bases) {
    for (let i = 0; i < perBase; i++) {
      const kind = MUTATIONS[(i + inputs) % MUTATIONS.length];
      const bytes = mutate(base.bytes, rnd, kind);
      const text = textOf(bytes);
      if (text !== undefined) compare(text, `seed 0x${SEED.toString(16)} ${base.name} mutant #${i} (${kind})`, tally);
      inputs++;
    }
  }
}

test(`fast parser = saxes parser on the fuzz mutants (seed 0x${SEED.toString(16)})`, () => {
  const tally = newTally();
  const bases = [...Object.entries(SYNTHETIC).map(([name, text]) => ({ name, bytes: Buffer.from(text) })), ...repoFiles('examples')];
  fuzzMutants(bases, MUTANTS_PER_SYNTHETIC, new Random(SEED), tally);
  if (sharedCorpusDir()) fuzzMutants([...corpusFiles('files'), ...corpusFiles('signed')], MUTANTS_PER_CORPUS_FILE, new Random(SEED ^ 0x9e3779b9), tally);
  console.log(
    `fast-parse differential: fuzz mutants: ${tally.accepted} accepted (${tally.acceptedWithProblems} with plist problems), ${tally.fellBack} given to saxes`,
  );
  assert.ok(tally.accepted > 0 && tally.fellBack > 0, JSON.stringify(tally));
});

/**
 * Pieces at the edge of the subset: what the fast path must read exactly (references, line ends, CDATA,
 * comments, spaces in tags) and what it must leave to saxes (lookalike names, bad references, `]]>`, `--`).
 */
const EDGE_PIECES = [
  '&amp;',
  '&lt;&gt;&quot;&apos;',
  '&#65;',
  '&#x1F600;',
  '&#X41;',
  '&#xD800;',
  '&#13;',
  '&#0;',
  '&ampx;',
  '&amp',
  '\r\n',
  '\r',
  '\r\r\n',
  '\t',
  '\u00a0',
  '\u2028',
  '\u0085',
  '\ufeff',
  '\ud83d',
  '\ude00',
  '\ud83d\ude00',
  '\u0001',
  '\ufffe',
  '<![CDATA[a\r\nb]]]>',
  '<![CDATA[x]]>',
  ']]>',
  ']]',
  '<!-- c -->',
  '<!---->',
  '<!-- a -- b -->',
  '<!--->',
  '<!-- x --->',
  '<?pi x?>',
  '<true />',
  '<false/>',
  '<string/>',
  '<dict/>',
  '<array />',
  '<key/>',
  '<key>K2</key>',
  '<key>K</key>',
  '<integer>0x1F</integer>',
  '<integer>{{n}}</integer>',
  '<real>nan</real>',
  '<date>2024-02-30T00:00:00Z</date>',
  '<data>AA==</data>',
  '<data>-----BEGIN X-----</data>',
  '<dictx>',
  '<Dict>',
  '<d>',
  '</dict >',
  '</string\n>',
  '<string >',
  '<plist>',
  '<true a="1"/>',
  'x',
  ' ',
];

/** Mutants made of one or two edge pieces inserted at a random offset, or a whitespace run replaced. */
function edgeMutant(text: string, rnd: Random): string {
  let out = text;
  for (let n = 1 + rnd.int(2); n > 0; n--) {
    const piece = rnd.pick(EDGE_PIECES);
    // Half of them right after a `>`, where text and elements go.
    let at = rnd.int(out.length + 1);
    if (rnd.int(2) === 0) {
      const gt = out.indexOf('>', at);
      if (gt >= 0) at = gt + 1;
    }
    out = out.slice(0, at) + piece + out.slice(at);
  }
  return out;
}

test(`fast parser = saxes parser on mutants at the edge of its subset (seed 0x${SEED.toString(16)})`, () => {
  const tally = newTally();
  const rnd = new Random(SEED ^ 0x5a5a5a5a);
  const bases = [
    ...Object.entries(SYNTHETIC).map(([name, text]) => ({ name, text })),
    ...repoFiles('examples').map((f) => ({ name: f.name, text: textOf(f.bytes)! })),
  ];
  for (const base of bases) {
    for (let i = 0; i < EDGE_MUTANTS_PER_BASE; i++) compare(edgeMutant(base.text, rnd), `${base.name} edge mutant #${i}`, tally);
  }
  console.log(
    `fast-parse differential: edge mutants: ${tally.accepted} accepted (${tally.acceptedWithProblems} with plist problems), ${tally.fellBack} given to saxes`,
  );
  assert.ok(tally.accepted > 0 && tally.fellBack > 0 && tally.acceptedWithProblems > 0, JSON.stringify(tally));
});

const DOC = '<dict><key>A</key><string>x</string></dict>';
const APPLE_DOCTYPE = '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">';
/** Whole documents around the prolog, the <plist> tag and the epilog; `true` marks those the fast path must take. */
const EDGE_DOCUMENTS: [string, boolean][] = [
  [`<?xml version="1.0" encoding="UTF-8"?>\n${APPLE_DOCTYPE}\n<plist version="1.0">\n${DOC}\n</plist>\n`, true],
  [`<?xml version="1.0" encoding="UTF-8" ?>\r\n${APPLE_DOCTYPE}\r\n<plist version="1.0" >${DOC}</plist >`, true],
  [`<?xml version='1.0' encoding='utf-8' standalone='yes'?><plist version='1'>${DOC}</plist>`, true],
  [`<!-- a -->\n<plist>${DOC}</plist>\n<!-- b -->\n`, true],
  [`<plist\r\nversion="1.0"\t>${DOC}<!-- c --></plist>`, true],
  [`<plist><dict>\u00a0&#32;<key>A</key>\r\n<true\n/></dict></plist>`, true],
  [`<plist><array>${'<array>'.repeat(255)}${'</array>'.repeat(255)}</array></plist>`, true],
  [`<plist><array>${'<array>'.repeat(256)}${'</array>'.repeat(256)}</array></plist>`, false],
  [`<?xml version="1.1"?><plist>${DOC}</plist>`, false],
  [`<?xml version="1.0"encoding="UTF-8"?><plist>${DOC}</plist>`, false],
  [`<?xml  version = "1.0"?><plist>${DOC}</plist>`, false],
  // Blank space before the XML declaration: DPS123 from both paths (macOS reads such files; Intune's samples have it).
  [` <?xml version="1.0"?><plist>${DOC}</plist>`, true],
  [`\n\n\t<?xml version="1.0" encoding="UTF-8"?>\n${APPLE_DOCTYPE}\n<plist version="1.0">\n${DOC}\n</plist>\n`, true],
  [`\r\n <?xml version="1.0"?>\r\n<!-- a --><plist>${DOC}</plist>`, true],
  [`${' '.repeat(5000)}<?xml\n\n   version='1.0'   encoding="UTF-8"  standalone="yes" ?><plist>${DOC}</plist>`, true],
  [` <?xml version="1.0"?><plist><dict><key>A</key><key>B</key></dict></plist>`, false],
  [` <?xml version="1.1"?><plist>${DOC}</plist>`, false],
  [` <?xml?><plist>${DOC}</plist>`, false],
  [` <?xml-stylesheet href="x"?><plist>${DOC}</plist>`, false],
  [`\u00a0<?xml version="1.0"?><plist>${DOC}</plist>`, false],
  [` \ufeff<?xml version="1.0"?><plist>${DOC}</plist>`, false],
  [` <?xml version="1.0"?><?xml version="1.0"?><plist>${DOC}</plist>`, false],
  [`\ufeff<?xml version="1.0"?><plist>${DOC}</plist>`, false],
  [`<!DOCTYPE plist SYSTEM "file:///etc/passwd"><plist>${DOC}</plist>`, false],
  [`${APPLE_DOCTYPE.slice(0, -1)} [ <!ENTITY x "y"> ]><plist><string>&x;</string></plist>`, false],
  [`<!DOCTYPE plist PUBLIC "-//Apple Computer//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd"><plist>${DOC}</plist>`, true],
  [`${APPLE_DOCTYPE}${APPLE_DOCTYPE}<plist>${DOC}</plist>`, false],
  [`<plist version="2.0">${DOC}</plist>`, false],
  [`<plist version="1.0" foo="x">${DOC}</plist>`, false],
  [`<plist>${DOC}</plist>x`, false],
  [`<plist>${DOC}</plist><?pi x?>`, false],
  [`<plist>${DOC}</plist><plist/>`, false],
  [`<plist> x ${DOC}</plist>`, false],
  [`<plist>${DOC}${DOC}</plist>`, false],
  [`<plist></plist>`, false],
  [`<plist/>`, false],
  [`<dict/>`, false],
  [``, false],
];

test('fast parser = saxes parser on documents at the edge of the prolog, the <plist> tag and the epilog', () => {
  const tally = newTally();
  EDGE_DOCUMENTS.forEach(([text, fast], i) => {
    compare(text, `edge document #${i}`, tally);
    if (fast) assert.ok(parseFast(text) !== undefined, `edge document #${i} is in the fast path's subset: ${JSON.stringify(text.slice(0, 120))}`);
  });
  assert.ok(tally.accepted > 0 && tally.fellBack > 0, JSON.stringify(tally));
});

test('fast parser = saxes parser where &, CR and ] fall in some values and not in others (the next one is kept across values)', () => {
  // The fast parser finds the next `&`, CR and `]` once and keeps them while it moves forward: a value without one
  // must not be taken for one that has it, nor the other way round, wherever they fall (first, last, runs, far apart).
  const pieces = ['plain', 'a &amp; b', '&amp;first', 'line\r\nend', '\r\nfirst', 'cr\ronly', 'x]y', ']first', ']]', 'q &lt;', '', 'tail]', 'last&gt;'];
  const rnd = new Random(SEED);
  const tally = newTally();
  for (let doc = 0; doc < 60; doc++) {
    const entries: string[] = [];
    const count = 1 + rnd.int(40);
    for (let i = 0; i < count; i++) {
      const value = pieces[rnd.int(pieces.length)];
      const key = rnd.int(6) === 0 ? `k&amp;${i}` : `k${i}`;
      entries.push(`<key>${key}</key><string>${value}</string>${rnd.int(5) === 0 ? '<!-- ]] & -->' : ''}`);
    }
    const text = `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n${entries.join('\n')}\n</dict>\n</plist>\n`;
    compare(text, `special characters #${doc}`, tally);
  }
  assert.ok(tally.accepted > 30, JSON.stringify(tally));
});
