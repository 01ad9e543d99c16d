import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBytes, CODES, type CheckResult } from '../server/src/core/index';
import { CORPUS_ABSENT, corpusFiles, repoFiles, sharedCorpusDir, type CorpusFile } from './helpers/corpus';

/**
 * Every real profile goes through the full check without throwing, and every
 * problem is well formed. The figures are printed, never hard-coded: they move
 * as rules are added, and the lead reviews them (scripts/corpus-report.mjs
 * prints the same table with the top files per code).
 */
const knownCodes = new Set(CODES.map((c) => c.code));

interface Checked {
  name: string;
  documentId: string;
  result: CheckResult;
}

function checkAll(files: CorpusFile[]): Checked[] {
  return files.map((f) => {
    let result: CheckResult;
    try {
      result = checkBytes(f.bytes, { documentId: f.path, fileName: f.name });
    } catch (err) {
      assert.fail(`${f.name}: checkBytes threw ${(err as Error).stack}`);
    }
    return { name: f.name, documentId: f.path, result };
  });
}

function assertInvariants(name: string, documentId: string, result: CheckResult) {
  for (const p of result.problems) {
    const where = `${name}: ${p.code} at ${JSON.stringify(p.span)}`;
    assert.ok(knownCodes.has(p.code), `${where}: code not in CODES`);
    assert.ok(Number.isInteger(p.span.start) && Number.isInteger(p.span.end), `${where}: span offsets must be integers`);
    assert.ok(p.span.start >= 0 && p.span.start <= p.span.end && p.span.end <= result.text.length, `${where}: span outside 0..${result.text.length}`);
    assert.ok(typeof p.message === 'string' && p.message.trim().length > 0, `${where}: empty message`);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(p.severity), `${where}: severity ${p.severity}`);
    for (const r of p.related ?? []) {
      assert.ok(r.documentId.length > 0, `${where}: related location without a document id`);
      if (r.documentId !== documentId) continue; // another document's text is not at hand
      assert.ok(
        r.span.start >= 0 && r.span.start <= r.span.end && r.span.end <= result.text.length,
        `${where}: related span ${JSON.stringify(r.span)} outside the text`,
      );
    }
  }
}

function summary(label: string, checked: Checked[]): string {
  const byCode = new Map<string, { problems: number; files: number }>();
  let withProblems = 0;
  for (const { result } of checked) {
    if (result.problems.length) withProblems++;
    const seen = new Set<string>();
    for (const p of result.problems) {
      const row = byCode.get(p.code) ?? { problems: 0, files: 0 };
      row.problems++;
      if (!seen.has(p.code)) row.files++;
      seen.add(p.code);
      byCode.set(p.code, row);
    }
  }
  const lines = [`${label}: ${checked.length} files, ${withProblems} with problems, ${[...byCode.values()].reduce((n, r) => n + r.problems, 0)} problems`];
  lines.push(`  ${'code'.padEnd(8)} ${'problems'.padStart(8)} ${'files'.padStart(6)}  name`);
  for (const [code, row] of [...byCode].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  ${code.padEnd(8)} ${String(row.problems).padStart(8)} ${String(row.files).padStart(6)}  ${CODES.find((c) => c.code === code)?.name ?? '?'}`);
  }
  return lines.join('\n');
}

test('examples: every bundled example is checked without throwing and every problem is well formed', () => {
  const checked = checkAll(repoFiles('examples'));
  assert.ok(checked.length > 0, 'examples/ holds files');
  for (const { name, documentId, result } of checked) assertInvariants(name, documentId, result);
  console.log(summary('examples', checked));
});

test('corpus: every real profile is checked without throwing and every problem is well formed', (t) => {
  if (!sharedCorpusDir()) {
    console.log(`corpus: ${CORPUS_ABSENT}`);
    t.skip(CORPUS_ABSENT);
    return;
  }
  const files = corpusFiles('files');
  assert.ok(files.length > 0, 'the corpus folder holds files');
  const checked = checkAll(files);
  for (const { name, documentId, result } of checked) assertInvariants(name, documentId, result);
  console.log(summary('corpus files', checked));
});

test('corpus: signed profiles are recognised (DPS117 names the signer) and their embedded XML is checked', (t) => {
  if (!sharedCorpusDir()) {
    t.skip(CORPUS_ABSENT);
    return;
  }
  const checked = checkAll(corpusFiles('signed'));
  for (const { name, documentId, result } of checked) {
    assertInvariants(name, documentId, result);
    assert.ok(
      result.problems.some((p) => p.code === 'DPS117'),
      `${name}: expected DPS117, got ${result.problems.map((p) => p.code).join(',')}`,
    );
  }
  console.log(summary('corpus signed', checked));
});
