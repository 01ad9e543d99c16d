// Typing simulation through the core: each snippet and example profile is rebuilt from empty, and at every
// place where a key or a value starts completion must offer what the file has there, in every state a person
// passes through (nothing typed, `<`, `<ke`, `<key>Pa`, auto-closed `<key>|</key>`, an unclosed `<string>|`, …),
// replacing exactly what was typed, on the cursor's line. Prints the hit rate and the latency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { completionsAt } from '../../server/src/core/features';
import { keyedStrings, knownFrom } from '../../server/src/core/features/known-values';
import { parsePlist } from '../../server/src/core/plist/parse';
import { checkRanges, judge, percentile, samples, sitesOf } from './typing';

const fixedUuid = () => '5C1B7A2E-0000-4000-8000-000000000000';

test('typing simulation: completion offers the key or value the file has, in every state (core)', () => {
  const durations: number[] = [];
  let counted = 0;
  let hits = 0;
  let probes = 0;
  const excluded = new Map<string, number>();
  const failures: string[] = [];
  for (const sample of samples()) {
    let sampleCounted = 0;
    const known = knownFrom(sample.siblings.flatMap((t) => keyedStrings(parsePlist(t).root)));
    for (const site of sitesOf(sample.text, sample.siblings)) {
      let miss: string | undefined;
      for (const probe of site.probes) {
        const t0 = performance.now();
        const items = completionsAt(probe.text, probe.offset, {
          documentId: 'file:///typing.mobileconfig',
          fileName: 'typing.mobileconfig',
          uuid: fixedUuid,
          known,
        });
        durations.push(performance.now() - t0);
        probes++;
        const ranges = checkRanges(probe, items);
        if (ranges) failures.push(`${sample.name}: ${probe.what}: ${ranges}`);
        if (!miss && !site.excluded) {
          const why = judge(probe, items);
          if (why) miss = `${probe.what}: ${why}`;
        }
      }
      if (site.excluded) {
        excluded.set(`${site.kind} (${site.excluded})`, (excluded.get(`${site.kind} (${site.excluded})`) ?? 0) + 1);
        continue;
      }
      counted++;
      sampleCounted++;
      if (miss) failures.push(`${sample.name}: ${site.describe}: ${miss}`);
      else hits++;
    }
    assert.ok(sampleCounted > 0, `${sample.name}: has places to complete`);
  }
  durations.sort((a, b) => a - b);
  const rate = ((100 * hits) / counted).toFixed(1);
  console.log(
    `typing simulation (core): ${hits}/${counted} places hit (${rate}%), ${probes} completion requests; not counted: ${[...excluded].map(([k, n]) => `${n} ${k}`).join(', ')}`,
  );
  console.log(
    `completion latency while typing (core): p50 ${percentile(durations, 50).toFixed(2)} ms, p95 ${percentile(durations, 95).toFixed(2)} ms, max ${durations[durations.length - 1].toFixed(1)} ms`,
  );
  assert.deepEqual(failures.slice(0, 30), [], `${failures.length} failures`);
  assert.equal(hits, counted);
});

test('typing simulation: every character of the PSSO 2.0 profile, completion never throws and keeps to the cursor line', () => {
  const sample = samples().find((s) => s.name.includes('Platform SSO 2.0 (macOS 14+)'))!;
  assert.ok(sample);
  const durations: number[] = [];
  for (let i = 0; i <= sample.text.length; i++) {
    const text = sample.text.slice(0, i);
    const t0 = performance.now();
    const items = completionsAt(text, i, { uuid: fixedUuid });
    durations.push(performance.now() - t0);
    const bad = checkRanges({ what: '', text, offset: i, typed: '' }, items);
    assert.equal(bad, undefined, `at ${i}: ${bad}`);
  }
  durations.sort((a, b) => a - b);
  console.log(
    `completion latency at every character of the PSSO 2.0 profile (${durations.length} requests): p50 ${percentile(durations, 50).toFixed(2)} ms, p95 ${percentile(durations, 95).toFixed(2)} ms`,
  );
});
