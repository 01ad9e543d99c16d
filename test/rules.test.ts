/**
 * Data-driven rule tests. Each folder under test/fixtures/rules/ is one
 * deployment (its files are checked together). In a fixture:
 *   <!-- expect DPS401 -->            a problem with that code starts on the line ABOVE this comment
 *   <!-- expect DPS401 DPS403 -->     several codes on that line
 *   <!-- target-macos 13.5 -->        the target macOS for the whole deployment
 *   <!-- device-access-scep external -->  the deviceAccessScep setting for the whole deployment
 *   <!-- severity DPS414 warning -->  every DPS414 problem in this file has that severity
 * Only DPS4xx–DPS6xx (rule-pack) codes are compared, exactly: an unexpected
 * rule problem fails as surely as a missing one. A file `<name>.fixed` beside
 * `<name>` is the text after applying every safe fix of the rule-pack problems in `<name>`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkDeployment, RULES, codeInfo, type CheckResult, type Problem } from '../server/src/core';
import { applyFixes } from '../server/src/core/fix';

const root = resolve(__dirname, '..', '..');
const fixturesDir = join(root, 'test', 'fixtures', 'rules');

const isRuleCode = (code: string) => /^DPS[4-6]\d\d$/.test(code);

function expectations(text: string): string[] {
  const out: string[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((line, i) => {
    for (const m of line.matchAll(/<!--\s*expect\s+([^>]*?)\s*-->/g)) {
      for (const code of m[1].split(/\s+/).filter(Boolean)) out.push(`${i - 1}:${code}`);
    }
  });
  return out.sort();
}

function runCase(dir: string): { files: string[]; results: CheckResult[] } {
  const files = readdirSync(dir)
    .filter((f) => !f.endsWith('.fixed') && !f.endsWith('.md'))
    .sort();
  const texts = files.map((f) => readFileSync(join(dir, f), 'utf8'));
  const target = texts.map((t) => /<!--\s*target-macos\s+([\d.]+)\s*-->/.exec(t)?.[1]).find(Boolean);
  const scep = texts.map((t) => /<!--\s*device-access-scep\s+(included|external)\s*-->/.exec(t)?.[1]).find(Boolean) as 'included' | 'external' | undefined;
  const results = checkDeployment(
    files.map((f, i) => ({ documentId: f, fileName: f, text: texts[i] })),
    { targetMacOS: target, deviceAccessScep: scep },
  );
  return { files, results };
}

const cases = existsSync(fixturesDir)
  ? readdirSync(fixturesDir)
      .filter((d) => !d.startsWith('.'))
      .sort()
  : [];

test('there are rule fixtures', () => {
  assert.ok(cases.length > 0);
});

for (const name of cases) {
  test(`rule fixture ${name}`, () => {
    const dir = join(fixturesDir, name);
    const { files, results } = runCase(dir);
    files.forEach((file, i) => {
      const r = results[i];
      const actual = r.problems
        .filter((p) => isRuleCode(p.code))
        .map((p) => `${r.lineIndex.positionAt(p.span.start).line}:${p.code}`)
        .sort();
      const expected = expectations(r.text);
      assert.deepEqual(
        actual,
        expected,
        `${name}/${file}: rule problems (line:code, 0-based) — ${describe(
          r.problems.filter((p) => isRuleCode(p.code)),
          r,
        )}`,
      );
      for (const m of r.text.matchAll(/<!--\s*severity\s+(DPS\d{3})\s+(error|warning|info|hint)\s*-->/g)) {
        const got = r.problems.filter((p) => p.code === m[1]);
        assert.ok(
          got.length > 0 && got.every((p) => p.severity === m[2]),
          `${name}/${file}: ${m[1]} should be ${m[2]}, got ${got.map((p) => p.severity).join(', ') || 'none'}`,
        );
      }
      assert.ok(!r.problems.some((p) => p.code === 'DPS000'), `${name}/${file}: internal error ${JSON.stringify(r.problems.find((p) => p.code === 'DPS000'))}`);
      const fixedPath = join(dir, `${file}.fixed`);
      if (existsSync(fixedPath)) {
        const ruleProblems = r.problems.filter((p) => isRuleCode(p.code));
        const fixed = applyFixes(r.text, ruleProblems, file);
        assert.equal(fixed.text, readFileSync(fixedPath, 'utf8'), `${name}/${file}: text after fixes`);
      }
    });
  });
}

function describe(problems: Problem[], r: CheckResult): string {
  return problems.map((p) => `${r.lineIndex.positionAt(p.span.start).line}:${p.code} ${p.message}`).join(' | ');
}

test('every rule has a registered code in the DPS range, a docs page and fixtures that fail and pass', () => {
  for (const rule of RULES) {
    assert.ok(isRuleCode(rule.code), rule.code);
    const { code, name, group, severity, summary } = rule;
    assert.deepEqual(codeInfo(rule.code), { code, name, group, severity, summary }, `${rule.code}: the catalog entry is the rule's declaration`);
    assert.equal(rule.group, 'dps');
    assert.ok(rule.sources.length > 0, `${rule.code} cites its sources`);
    for (const url of rule.sources) assert.match(url, /^https:\/\//, `${rule.code}: a source is a URL`);
    assert.ok(existsSync(join(root, 'docs', 'rules', `${rule.code}.md`)), `docs/rules/${rule.code}.md`);
    const failing = cases.filter(
      (c) =>
        c.startsWith(`${rule.code}-`) &&
        readdirSync(join(fixturesDir, c)).some(
          (f) =>
            readFileSync(join(fixturesDir, c, f), 'utf8').includes(`expect ${rule.code}`) ||
            readFileSync(join(fixturesDir, c, f), 'utf8').includes(` ${rule.code} -->`),
        ),
    );
    const passing = cases.filter((c) => c.startsWith(`${rule.code}-pass`));
    assert.ok(failing.length > 0, `${rule.code} has a failing fixture folder named ${rule.code}-…`);
    assert.ok(passing.length > 0, `${rule.code} has a passing fixture folder named ${rule.code}-pass…`);
  }
});

test('rules/ holds rules only, each listed in RULES (besides index.ts, define.ts and types.ts)', () => {
  const dir = join(root, 'server', 'src', 'core', 'rules');
  const listed = new Set<string>(RULES.map((r) => r.code));
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !['index.ts', 'define.ts', 'types.ts'].includes(f));
  assert.equal(files.length, RULES.length, 'one file per rule');
  for (const file of files) {
    const m = /defineRule\(\{\s*code: '(DPS\d+)'/.exec(readFileSync(join(dir, file), 'utf8'));
    assert.ok(m, `rules/${file} declares a rule with defineRule`);
    assert.ok(listed.has(m[1]), `rules/${file} (${m[1]}) is listed in RULES in rules/index.ts`);
  }
});
