import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBytes, CODES, MAX_PROBLEMS_PER_DOCUMENT, type CheckResult } from '../server/src/core/index';
import { corpusFiles, repoFiles, sharedCorpusDir, CORPUS_ABSENT } from './helpers/corpus';
import { CHECK_FORMATS } from '../server/src/cli/formats';
import { MUTATIONS, Random, mutate, notWellFormed } from './helpers/fuzz';
import { HEAD, SYNTHETIC } from './helpers/fuzz-documents';

/**
 * Seeded, bounded fuzzing of the whole check (decode → parse → model → rules).
 * For every input: no exception, bounded time, valid spans and codes, and at
 * least one problem whenever an independent judge (strict decoding + saxes
 * run directly) says the input is not well-formed XML.
 */
const SEED = 0x0d95eed5; // printed in hex in every test name
/** Mutants per corpus file, and per synthetic or example document. */
const MUTANTS_PER_CORPUS_FILE = 5;
const MUTANTS_PER_SYNTHETIC = 150;
// Hang guards, not benchmarks (npm run bench measures speed): generous enough for a loaded 2-core CI machine
// (the 200,000-duplicate-keys input takes ~1.8 s there), far below what a quadratic regression would take.
const LIMIT_MS = 10_000;
const LIMIT_LARGE_MS = 60_000;
const knownCodes = new Set(CODES.map((c) => c.code));

interface Run {
  result: CheckResult;
  ms: number;
}

function run(bytes: Uint8Array): Run {
  const started = process.hrtime.bigint();
  const result = checkBytes(bytes, { documentId: 'fuzz' });
  return { result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** Every property the fuzz asserts on one input. */
function assertSound(bytes: Uint8Array, label: string, limitMs = LIMIT_MS): Run {
  let outcome: Run;
  try {
    outcome = run(bytes);
  } catch (err) {
    assert.fail(`${label}: checkBytes threw ${(err as Error).stack}`);
  }
  const { result, ms } = outcome;
  assert.ok(ms < limitMs, `${label}: took ${ms.toFixed(0)} ms (limit ${limitMs})`);
  for (const p of result.problems) {
    assert.ok(knownCodes.has(p.code), `${label}: unknown code ${p.code}`);
    assert.ok(
      p.span.start >= 0 && p.span.start <= p.span.end && p.span.end <= result.text.length,
      `${label}: ${p.code} span ${JSON.stringify(p.span)} outside 0..${result.text.length}`,
    );
    assert.ok(p.message.length > 0, `${label}: ${p.code} has no message`);
  }
  const broken = notWellFormed(bytes);
  if (broken !== undefined) {
    assert.ok(result.problems.length > 0, `${label}: not well-formed (${broken}) yet no problem reported`);
  }
  return outcome;
}

function fuzzFrom(bases: { name: string; bytes: Buffer }[], perBase: number, rnd: Random) {
  let inputs = 0;
  let malformed = 0;
  let slowest = 0;
  for (const base of bases) {
    for (let i = 0; i < perBase; i++) {
      const kind = MUTATIONS[(i + inputs) % MUTATIONS.length];
      const bytes = mutate(base.bytes, rnd, kind);
      const label = `seed 0x${SEED.toString(16)} ${base.name} mutant #${i} (${kind})`;
      slowest = Math.max(slowest, assertSound(bytes, label).ms);
      if (notWellFormed(bytes) !== undefined) malformed++;
      inputs++;
    }
  }
  return { inputs, malformed, slowest };
}

test(`fuzz: mutants of synthetic and example profiles (seed 0x${SEED.toString(16)})`, () => {
  const rnd = new Random(SEED);
  const bases = [...Object.entries(SYNTHETIC).map(([name, text]) => ({ name, bytes: Buffer.from(text) })), ...repoFiles('examples')];
  for (const b of bases) assertSound(b.bytes, b.name);
  const { inputs, malformed, slowest } = fuzzFrom(bases, MUTANTS_PER_SYNTHETIC, rnd);
  console.log(
    `fuzz (seed 0x${SEED.toString(16)}): ${inputs} mutants of ${bases.length} synthetic/example documents, ${malformed} not well-formed, slowest ${slowest.toFixed(1)} ms`,
  );
  assert.ok(malformed > inputs / 4, 'the mutations produce broken XML often enough to test something');
});

test(`fuzz: mutants of the shared corpus (seed 0x${SEED.toString(16)})`, (t) => {
  if (!sharedCorpusDir()) {
    console.log(`fuzz: ${CORPUS_ABSENT}`);
    t.skip(CORPUS_ABSENT);
    return;
  }
  const rnd = new Random(SEED ^ 0x9e3779b9);
  const bases = [...corpusFiles('files'), ...corpusFiles('signed')];
  const { inputs, malformed, slowest } = fuzzFrom(bases, MUTANTS_PER_CORPUS_FILE, rnd);
  console.log(
    `fuzz (seed 0x${SEED.toString(16)}): ${inputs} mutants of ${bases.length} corpus files, ${malformed} not well-formed, slowest ${slowest.toFixed(1)} ms`,
  );
});

test('fuzz: synthetic extremes', () => {
  const depth = 100_000;
  const extremes: { name: string; bytes: Buffer; expect?: string }[] = [
    {
      name: '100,000-deep <dict><key>a</key> nesting',
      bytes: Buffer.from(`${HEAD}<plist>${'<dict><key>a</key>'.repeat(depth)}<true/>${'</dict>'.repeat(depth)}</plist>`),
      expect: 'DPS114',
    },
    { name: '100,000-deep <array> nesting', bytes: Buffer.from(`<plist>${'<array>'.repeat(depth)}${'</array>'.repeat(depth)}</plist>`), expect: 'DPS114' },
    { name: '100,000 unclosed <dict><key>a</key>', bytes: Buffer.from(`<plist>${'<dict><key>a</key>'.repeat(depth)}`), expect: 'DPS101' },
    { name: '1 MB of <', bytes: Buffer.alloc(1 << 20, '<'), expect: 'DPS101' },
    { name: '1 MB of &', bytes: Buffer.from(`<plist><string>${'&'.repeat(1 << 20)}</string></plist>`), expect: 'DPS101' },
    { name: 'empty file', bytes: Buffer.alloc(0), expect: 'DPS100' },
    { name: 'only a UTF-8 BOM', bytes: Buffer.from([0xef, 0xbb, 0xbf]), expect: 'DPS100' },
    { name: 'only a UTF-16 BOM', bytes: Buffer.from([0xff, 0xfe]), expect: 'DPS100' },
    { name: '4 KB of NUL bytes', bytes: Buffer.alloc(4096, 0), expect: 'DPS102' },
    { name: 'NUL inside a string', bytes: Buffer.from(`<plist><string>a\0b</string></plist>`) },
    { name: 'NUL after the first 8 KB', bytes: Buffer.from(`<plist><string>${'x'.repeat(10_000)}\0</string></plist>`) },
    {
      name: 'invalid UTF-8 in a key',
      bytes: Buffer.concat([Buffer.from('<plist><dict><key>a'), Buffer.from([0xc3, 0x28]), Buffer.from('</key><true/></dict></plist>')]),
      expect: 'DPS103',
    },
    { name: 'binary plist header', bytes: Buffer.from('bplist00\x00\x01garbage', 'latin1'), expect: 'DPS116' },
    {
      name: 'UTF-16LE profile',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SYNTHETIC['preference-plist'].replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le')]),
    },
    {
      name: 'billion laughs',
      bytes: Buffer.from(
        `<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${'b'.repeat(i + 1)} "${`&${i ? 'b'.repeat(i) : 'a'};`.repeat(10)}">`).join('')}]><plist><string>&bbbbbbbbb;</string></plist>`,
      ),
      expect: 'DPS104',
    },
    { name: '100,000 attributes', bytes: Buffer.from(`<plist ${Array.from({ length: 100_000 }, (_, i) => `a${i}="1"`).join(' ')}><true/></plist>`) },
    {
      name: '200,000 duplicate keys (one problem each)',
      bytes: Buffer.from(`<plist version="1.0"><dict>${'<key>A</key><string>x</string>'.repeat(200_000)}</dict></plist>`),
      expect: 'DPS109',
    },
    { name: '1 MB key name', bytes: Buffer.from(`<plist><dict><key>${'k'.repeat(1 << 20)}</key><true/></dict></plist>`) },
    // Issue 16's hostile inputs.
    { name: 'UTF-16LE without a BOM', bytes: Buffer.from(SYNTHETIC['preference-plist'].replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le') },
    { name: 'UTF-16BE without a BOM', bytes: Buffer.from(SYNTHETIC['preference-plist'].replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le').swap16() },
    { name: 'workflow commands, CR, NEL and U+2028 in keys and values', bytes: Buffer.from(HOSTILE_STRINGS), expect: 'DPS201' },
    { name: 'every kind of static secret', bytes: Buffer.from(secretsProfile()), expect: 'DPS494' },
    {
      name: 'truncated CMS header',
      bytes: Buffer.from([0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0, 0x80]),
      expect: 'DPS121',
    },
  ];
  // Every extreme runs even when one fails, so one run lists all of them.
  const failures: string[] = [];
  for (const e of extremes) {
    try {
      const { ms, result } = assertSound(e.bytes, e.name);
      const codes = new Set(result.problems.map((p) => p.code));
      if (e.expect) assert.ok(codes.has(e.expect), `${e.name}: expected ${e.expect}, got ${[...codes].join(',')}`);
      console.log(
        `fuzz extreme: ${e.name.padEnd(42)} ${(e.bytes.length / 1024).toFixed(0).padStart(6)} KB ${ms.toFixed(1).padStart(8)} ms  ${[...codes].join(',') || 'no problems'}`,
      );
    } catch (err) {
      const message = (err as Error).message.split('\n').slice(0, 3).join(' ');
      console.log(`fuzz extreme: ${e.name.padEnd(42)} FAILED: ${message}`);
      failures.push(message);
    }
  }
  assert.deepEqual(failures, []);
});

const HOSTILE_STRINGS = `${HEAD}<plist version="1.0"><dict>
<key>PayloadContent</key><array><dict>
<key>PayloadType</key><string>com.apple.wifi.managed</string>
<key>PayloadIdentifier</key><string>x&#10;::error file=ci.yml,line=1::INJECTED</string>
<key>PayloadUUID</key><string>&#13;::warning::X&#9;[2J</string>
<key>PayloadVersion</key><integer>1</integer>
<key>Bogus&#10;::error::KEY&#133;&#8232;</key><string>y</string>
</dict></array>
<key>PayloadType</key><string>Configuration</string>
</dict></plist>`;

const secretsProfile = () =>
  profileWithPayloads([
    [
      'com.apple.security.scep',
      '<key>PayloadContent</key><dict><key>URL</key><string>https://ca.example.com</string><key>Challenge</key><string>s3cr3t-Challenge</string></dict>',
    ],
    [
      'com.apple.wifi.managed',
      '<key>SSID_STR</key><string>n</string><key>Password</key><string>psk-literal</string><key>EAPClientConfiguration</key><dict><key>UserPassword</key><string>pw</string></dict>',
    ],
    ['com.apple.security.pkcs12', '<key>Password</key><string>p12</string><key>PayloadContent</key><data>MIIB</data>'],
    ['com.apple.extensiblesso', '<key>RegistrationToken</key><string>tok-123</string>'],
    [
      'com.example.app',
      '<key>ClientSecret</key><string>cs-123</string><key>Key</key><string>-----BEGIN RSA PRIVATE KEY-----&#10;MIIE&#10;-----END RSA PRIVATE KEY-----</string>',
    ],
  ]);

function profileWithPayloads(payloads: [string, string][]): string {
  return profileWith(payloads.map(([type, body], i) => `${payloadHeader(type, i)}${body}\n\t\t</dict>\n`).join(''));
}

test('fuzz: hostile inputs through every output format: bounded problems, linear formatters, no line starting with :: but the github annotations', () => {
  const inputs: [string, Buffer][] = [
    ['130,000 duplicate keys', Buffer.from(`<plist version="1.0"><dict>${'<key>A</key><string>x</string>'.repeat(130_000)}</dict></plist>`)],
    [
      '600 KB one-line file of unknown keys',
      Buffer.from(`<plist version="1.0"><dict>${Array.from({ length: 20_000 }, (_, i) => `<key>K${i}</key><true/>`).join('')}</dict></plist>`),
    ],
    ['workflow commands in strings', Buffer.from(HOSTILE_STRINGS)],
    ['secrets', Buffer.from(secretsProfile())],
  ];
  for (const [name, bytes] of inputs) {
    const started = process.hrtime.bigint();
    const result = checkBytes(bytes, { documentId: 'p/a\n::error file=x::INJECTED\r.mobileconfig' });
    assert.ok(result.problems.length <= MAX_PROBLEMS_PER_DOCUMENT + 1, `${name}: ${result.problems.length} problems, not capped`);
    const report = {
      files: [{ path: result.documentId, lineIndex: result.lineIndex, problems: result.problems }],
      summary: { files: 1, errors: result.problems.length, warnings: 0, infos: 0 },
    };
    for (const [format, formatter] of Object.entries(CHECK_FORMATS)) {
      const out = formatter(report, { toolVersion: '0', cwd: '/', inputErrors: ['q\n::error::INPUT'], color: true });
      const commands = out.split('\n').filter((l) => l.startsWith('::'));
      assert.equal(commands.length, format === 'github' ? result.problems.length + 1 : 0, `${name} through ${format}`);
      for (const secret of ['s3cr3t-Challenge', 'psk-literal', 'tok-123', 'cs-123'])
        assert.ok(!out.includes(secret), `${name} through ${format} prints ${secret}`);
      // eslint-disable-next-line no-control-regex -- the test looks for raw control characters
      if (format !== 'json' && format !== 'sarif') assert.doesNotMatch(out, /\r|\u001b\[2J|\u0085|\u2028/, `${name} through ${format}: raw control character`);
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(ms < LIMIT_LARGE_MS, `${name}: ${ms.toFixed(0)} ms`);
    console.log(`fuzz hostile: ${name.padEnd(40)} ${result.problems.length} problems, every format in ${ms.toFixed(0)} ms`);
  }
});

function profileWith(payloads: string): string {
  return `${HEAD}<plist version="1.0">
<dict>
	<key>PayloadContent</key>
	<array>
${payloads}	</array>
	<key>PayloadIdentifier</key><string>org.example.fuzz.big</string>
	<key>PayloadType</key><string>Configuration</string>
	<key>PayloadUUID</key><string>5F0E0D0C-0B0A-4908-8706-050403020100</string>
	<key>PayloadVersion</key><integer>1</integer>
</dict>
</plist>
`;
}

function manyKeys(count: number): string {
  const keys: string[] = [];
  for (let i = 0; i < count; i++) keys.push(`\t\t\t<key>Key${i}</key><string>value ${i}</string>\n`);
  return keys.join('');
}

const payloadHeader = (type: string, n: number) =>
  `\t\t<dict>\n\t\t\t<key>PayloadType</key><string>${type}</string>\n\t\t\t<key>PayloadIdentifier</key><string>org.example.fuzz.big.${n}</string>\n\t\t\t<key>PayloadUUID</key><string>${n}F0E0D0C-0B0A-4908-8706-050403020100</string>\n\t\t\t<key>PayloadVersion</key><integer>1</integer>\n`;

test('fuzz: a 50 MB profile (large <data> block and many keys) is checked in under 20 s', () => {
  // 18 MiB of certificate bytes as wrapped base64 (~27 MB) and 500,000 keys (~23 MB) in a custom payload.
  const base64 = Buffer.alloc(18 * 1024 * 1024, 0xa5)
    .toString('base64')
    .replace(/.{76}/g, '$&\n\t\t\t');
  const keyCount = 500_000;
  const text = profileWith(
    `${payloadHeader('com.apple.security.pkcs1', 1)}\t\t\t<key>PayloadContent</key>\n\t\t\t<data>\n\t\t\t${base64}\n\t\t\t</data>\n\t\t</dict>\n` +
      `${payloadHeader('org.example.fuzz.custom', 2)}${manyKeys(keyCount)}\t\t</dict>\n`,
  );
  const bytes = Buffer.from(text);
  assert.ok(bytes.length >= 50 * 1000 * 1000, `only ${bytes.length} bytes`);
  const { ms, result } = assertSound(bytes, '50 MB profile', LIMIT_LARGE_MS);
  const byCode = new Map<string, number>();
  for (const p of result.problems) byCode.set(p.code, (byCode.get(p.code) ?? 0) + 1);
  console.log(
    `fuzz extreme: 50 MB profile (${(bytes.length / 1e6).toFixed(1)} MB, ${keyCount} keys) checked in ${ms.toFixed(0)} ms; problems ${JSON.stringify(Object.fromEntries(byCode))}`,
  );
});

test('fuzz: 20,000 unknown keys in a known payload are reported in under 2 s', () => {
  const keyCount = 20_000;
  const bytes = Buffer.from(profileWith(`${payloadHeader('com.okta.mobile', 3)}${manyKeys(keyCount)}\t\t</dict>\n`));
  const { ms, result } = assertSound(bytes, `${keyCount} unknown keys`);
  const unknown = result.problems.filter((p) => p.code === 'DPS302').length;
  console.log(`fuzz extreme: ${keyCount} unknown keys in com.okta.mobile checked in ${ms.toFixed(0)} ms; ${unknown} DPS302 listed`);
  // Every key is found, but a file lists at most MAX_PROBLEMS_PER_DOCUMENT; DPS125 counts the rest.
  assert.equal(unknown, MAX_PROBLEMS_PER_DOCUMENT);
  const rest = result.problems.filter((p) => p.code === 'DPS125');
  assert.equal(rest.length, 1);
  assert.match(rest[0].message, new RegExp(`^${(keyCount - MAX_PROBLEMS_PER_DOCUMENT).toLocaleString('en-US')} more problems`));
});
