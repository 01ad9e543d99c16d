import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlist, type ParseResult } from '../server/src/core/plist/parse';
import { toJson } from '../server/src/core/plist/json';
import { decodeBytes } from '../server/src/core/decode';
import { CORPUS_ABSENT, corpusFiles, sharedCorpusDir } from './helpers/corpus';
import { compareWithPlistPackage, describe, type Difference } from './helpers/plist-compare';

/**
 * Differential test: our parser against the `plist` npm package (xmldom
 * underneath), on every real profile of the shared corpus that both accept.
 *
 * Where the two disagree the cause must be one of the named categories below,
 * each a place where the package departs from XML or from how macOS reads a
 * plist and where our parser reports a problem or follows the XML rules.
 * A difference that matches none of them fails the test: either our parser is
 * wrong or a new category has to be understood and named here.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const plistPackage: { parse(xml: string): unknown } = require('plist');

interface PackageOutcome {
  value?: unknown;
  threw?: string;
  /** Non-fatal complaints xmldom writes to console.error. */
  warnings: string[];
}

function parseWithPackage(text: string): PackageOutcome {
  const warnings: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  try {
    return { value: plistPackage.parse(text), warnings };
  } catch (err) {
    return { threw: (err as Error).message, warnings };
  } finally {
    console.error = original;
  }
}

interface Category {
  name: string;
  why: string;
  explains(text: string, ours: ParseResult, d: Difference): boolean;
}

const has = (ours: ParseResult, code: string) => ours.problems.some((p) => p.code === code);

/** Every known, understood reason for the two parsers to disagree. */
const CATEGORIES: Category[] = [
  {
    name: 'invalid-base64-data',
    why: 'a <data> block holds non-base64 text (e.g. PEM armour "-----END CERTIFICATE-----"); we report DPS113 and keep the text as written, the package decodes leniently and silently drops the bad characters',
    explains: (_t, ours, d) => has(ours, 'DPS113') && Buffer.isBuffer(d.theirs),
  },
  {
    name: 'invalid-integer-text',
    why: 'an <integer> whose text is not a whole number; we report DPS110, the package uses parseInt and keeps a leading prefix ("12abc" → 12) or throws on an empty one',
    explains: (_t, ours, d) => has(ours, 'DPS110') && typeof d.theirs === 'number',
  },
  {
    name: 'invalid-real-text',
    why: 'a <real> whose text is not a number; we report DPS111, the package uses parseFloat and keeps a leading prefix',
    explains: (_t, ours, d) => has(ours, 'DPS111') && typeof d.theirs === 'number',
  },
  {
    name: 'hex-integer',
    why: '<integer>0x…</integer>: CoreFoundation reads hexadecimal integers, as we do; the package parses base 10 and yields 0',
    explains: (text, _o, d) => typeof d.theirs === 'number' && /<integer>\s*[+-]?0x/i.test(text),
  },
  {
    name: 'markup-inside-scalar',
    why: 'a comment or CDATA section inside <key>, <integer>, <real>, <date> or <data>; XML makes the text around it one value, the package reads only the first text node (key, integer, date) or skips CDATA (data, real)',
    explains: (text) => /<(key|integer|real|date|data)>[^<]*<(!--|!\[CDATA\[)/.test(text),
  },
  {
    name: 'key-without-value',
    why: 'a <key> with no value before </dict>; we report DPS107 and leave the key out, the package invents an empty string',
    explains: (_t, ours, d) => has(ours, 'DPS107') && /only in plist/.test(d.why),
  },
  {
    name: 'extra-plist-values',
    why: '<plist> holding more than one value (or none); we report DPS105 and keep the first, the package returns an array of all of them',
    explains: (_t, ours) => has(ours, 'DPS105'),
  },
  {
    name: 'whitespace-around-date',
    why: 'a <date> with spaces or line breaks around the text; we trim it, the package passes it to new Date() which yields Invalid Date',
    explains: (text, _o, d) => d.theirs instanceof Date && Number.isNaN(d.theirs.getTime()) && /<date>\s|\s<\/date>/.test(text),
  },
];

type Outcome =
  | { kind: 'identical' }
  | { kind: 'excluded'; reason: string; detail: string }
  | { kind: 'different'; detail: string }
  | { kind: 'not-compared'; reason: string };

/** Files on which xmldom logged a non-fatal complaint (it parsed them anyway). */
const xmldomWarnings: string[] = [];

function compareText(text: string): Outcome {
  const ours = parsePlist(text);
  const theirs = parseWithPackage(text);
  if (theirs.warnings.length) xmldomWarnings.push(theirs.warnings[0].split('\n')[0]);
  if (theirs.threw !== undefined) return { kind: 'not-compared', reason: `plist package throws: ${theirs.threw.split('\n')[0].slice(0, 70)}` };
  if (has(ours, 'DPS101')) return { kind: 'not-compared', reason: 'our parser reports DPS101 (not well-formed XML)' };
  const d: Difference | undefined = ours.root
    ? compareWithPlistPackage(toJson(ours.root), theirs.value)
    : { path: '', ours: undefined, theirs: theirs.value, why: 'no root value on our side' };
  if (!d) return { kind: 'identical' };
  const category = CATEGORIES.find((c) => c.explains(text, ours, d));
  return category ? { kind: 'excluded', reason: category.name, detail: describe(d) } : { kind: 'different', detail: describe(d) };
}

// Small documents that pin each category down (and the cases where the two agree),
// so the classification is exercised even where the corpus is absent.
const PROBES: { name: string; xml: string; expect: 'identical' | string }[] = [
  { name: 'CRLF and bare CR inside a string (both normalise to LF)', xml: '<plist><string>a\r\nb\rc</string></plist>', expect: 'identical' },
  { name: 'comment between key and value', xml: '<plist><dict><key>A</key><!-- c --><string>x</string></dict></plist>', expect: 'identical' },
  {
    name: 'entities and character references',
    xml: '<plist><dict><key>a&amp;b</key><string>&lt;&#65;&#x42;&#13;</string></dict></plist>',
    expect: 'identical',
  },
  { name: 'CDATA in a key and a string', xml: '<plist><dict><key><![CDATA[a<b]]></key><string>x<![CDATA[<y>]]>z</string></dict></plist>', expect: 'identical' },
  { name: 'whitespace kept in strings', xml: '<plist><string>  a  \n </string></plist>', expect: 'identical' },
  {
    name: 'whitespace around integer and real',
    xml: '<plist><array><integer> 12 </integer><real> 1.5 </real><real>3</real></array></plist>',
    expect: 'identical',
  },
  {
    name: 'duplicate keys: last wins in both',
    xml: '<plist><dict><key>A</key><string>1</string><key>A</key><string>2</string></dict></plist>',
    expect: 'identical',
  },
  { name: 'empty key', xml: '<plist><dict><key/><string>1</string></dict></plist>', expect: 'identical' },
  { name: 'data without padding (same bytes)', xml: '<plist><data>AAE</data></plist>', expect: 'identical' },
  { name: 'data with line breaks', xml: '<plist><data>\n\tAAEC\n\tAwQF\n</data></plist>', expect: 'identical' },
  { name: '64-bit integer', xml: '<plist><integer>9223372036854775807</integer></plist>', expect: 'identical' },
  { name: 'PEM armour in data', xml: '<plist><data>-----BEGIN X-----AAEC</data></plist>', expect: 'invalid-base64-data' },
  { name: 'integer with trailing letters', xml: '<plist><integer>12abc</integer></plist>', expect: 'invalid-integer-text' },
  { name: 'real with trailing letters', xml: '<plist><real>1.5x</real></plist>', expect: 'invalid-real-text' },
  { name: 'hexadecimal integer', xml: '<plist><integer>0x10</integer></plist>', expect: 'hex-integer' },
  { name: 'comment inside a key', xml: '<plist><dict><key>A<!-- c -->B</key><string>x</string></dict></plist>', expect: 'markup-inside-scalar' },
  { name: 'comment inside an integer', xml: '<plist><integer>1<!--x-->2</integer></plist>', expect: 'markup-inside-scalar' },
  { name: 'CDATA inside data', xml: '<plist><data><![CDATA[AAEC]]></data></plist>', expect: 'markup-inside-scalar' },
  { name: 'key without value', xml: '<plist><dict><key>A</key><string>1</string><key>B</key></dict></plist>', expect: 'key-without-value' },
  { name: 'two values in <plist>', xml: '<plist><string>a</string><string>b</string></plist>', expect: 'extra-plist-values' },
  { name: 'date with surrounding whitespace', xml: '<plist><date> 2024-01-02T03:04:05Z </date></plist>', expect: 'whitespace-around-date' },
  { name: '<integer/> (the package throws)', xml: '<plist><integer/></plist>', expect: 'not-compared' },
  { name: 'key named __proto__ (the package refuses it)', xml: '<plist><dict><key>__proto__</key><string>1</string></dict></plist>', expect: 'not-compared' },
];

test('differential probes: each known category is recognised, everything else is identical', () => {
  for (const probe of PROBES) {
    const outcome = compareText(probe.xml);
    const got = outcome.kind === 'excluded' ? outcome.reason : outcome.kind;
    assert.equal(got, probe.expect, `${probe.name}: ${'detail' in outcome ? outcome.detail : ''}`);
  }
});

test('differential: our parser and the plist package agree on every real profile both accept', (t) => {
  if (!sharedCorpusDir()) {
    console.log(`differential: ${CORPUS_ABSENT}`);
    t.skip(CORPUS_ABSENT);
    return;
  }
  const files = corpusFiles('files');
  xmldomWarnings.length = 0;
  let compared = 0;
  let identical = 0;
  const excluded = new Map<string, string[]>();
  const notCompared = new Map<string, string[]>();
  const different: string[] = [];
  for (const f of files) {
    const decoded = decodeBytes(f.bytes);
    if (decoded.text === undefined) {
      const reason = `not text (${decoded.problems.map((p) => p.code).join(',')})`;
      notCompared.set(reason, [...(notCompared.get(reason) ?? []), f.name]);
      continue;
    }
    const outcome = compareText(decoded.text);
    if (outcome.kind === 'not-compared') {
      notCompared.set(outcome.reason, [...(notCompared.get(outcome.reason) ?? []), f.name]);
      continue;
    }
    if (outcome.kind === 'excluded') {
      excluded.set(outcome.reason, [...(excluded.get(outcome.reason) ?? []), `${f.name}: ${outcome.detail}`]);
      continue;
    }
    compared++;
    if (outcome.kind === 'identical') identical++;
    else different.push(`${f.name}: ${outcome.detail}`);
  }
  const excludedCount = [...excluded.values()].reduce((n, l) => n + l.length, 0);
  const list = (m: Map<string, string[]>) => [...m].map(([r, l]) => `${l.length} ${r}`).join('; ') || 'none';
  console.log(`differential: ${compared} files compared, ${identical} identical, ${excludedCount} excluded (${list(excluded)})`);
  console.log(`differential: ${files.length - compared - excludedCount} not compared (${list(notCompared)})`);
  console.log(
    `differential: xmldom logged a non-fatal complaint on ${xmldomWarnings.length} files${xmldomWarnings.length ? ': ' + xmldomWarnings.slice(0, 5).join(' | ') : ''}`,
  );
  for (const [reason, names] of excluded) {
    const why = CATEGORIES.find((c) => c.name === reason)!.why;
    console.log(`  excluded [${reason}] — ${why}`);
    for (const n of names) console.log(`    ${n}`);
  }
  for (const [reason, names] of notCompared) {
    console.log(`  not compared [${reason}]`);
    for (const n of names) console.log(`    ${n}`);
  }
  assert.deepEqual(different, [], 'every compared file must give the same values');
  assert.equal(identical, compared);
  assert.ok(compared >= 250, `only ${compared} files compared`);
});
