import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capProblems, countWarnings, withCommas, type Problem } from '../server/src/core/problem';

test('withCommas writes counts as en-US does', () => {
  const values = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10000, 12345, 99999, 100000, 999999, 1000000, 1234567, 2 ** 31, Number.MAX_SAFE_INTEGER];
  for (let n = 0; n < 20000; n += 7) values.push(n);
  for (const n of values) assert.equal(withCommas(n), n.toLocaleString('en-US'), String(n));
});

test('capProblems keeps the first ones and counts the rest in one DPS125 of the worst severity', () => {
  const problems: Problem[] = Array.from({ length: 3456 }, (_, i) => ({
    code: 'DPS302',
    message: `p${i}`,
    severity: i === 2000 ? 'error' : 'warning',
    span: { start: i, end: i + 1 },
  }));
  const capped = capProblems(problems);
  assert.equal(capped.length, 1001);
  assert.deepEqual(capped.slice(0, 1000), problems.slice(0, 1000));
  assert.deepEqual(capped[1000], {
    code: 'DPS125',
    severity: 'error',
    message: '2,456 more problems in this file are not listed (only the first 1,000 are); fix these and check again.',
    span: { start: 1000, end: 1000 },
    // What it stands for, by severity: --max-warnings counts these warnings.
    data: { dropped: { error: 1, warning: 2455, info: 0, hint: 0 } },
  });
  // Every warning of the file: the 1,000 listed and the 2,455 behind DPS125.
  assert.equal(countWarnings(capped), 1000 + 2455);
  assert.equal(capProblems(problems.slice(0, 1000)).length, 1000);
});
