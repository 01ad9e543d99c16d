/**
 * Editor features and the preview on hostile or huge profiles finish: each case runs in a worker thread that is
 * stopped after 60 s. Found by an audit that timed each shape at growing sizes; on the old code each case below took
 * minutes (its quadratic growth measured at 10-50 s for a third to a half of these sizes), and each now takes well
 * under a second. A timeout, not a benchmark: the margin is two orders of magnitude.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { checkText, completionsAt, foldingRanges, parsePlist, simulate } from '../../server/src/core';

const root = path.resolve(__dirname, '..', '..', '..');
const options = { documentId: 'hostile.mobileconfig', fileName: 'hostile.mobileconfig' };

function example(from: string, to: string): string {
  const text = readFileSync(path.join(root, 'examples', 'okta-dps-psso2.mobileconfig'), 'utf8');
  if (!text.includes(from)) throw new Error(`the example has no ${from}`);
  return text.replace(from, to);
}

/** Each case returns the size of its answer (completion in a value of no known key offers nothing: 0). */
const CASES: Record<string, () => number> = {
  // Folding: each comment looked back to the start of the file for a CDATA opening.
  'folding ranges with 250,000 comments': () => {
    const text = example('<key>AccountDisplayName</key>', '<!---->\n'.repeat(250_000) + '<key>AccountDisplayName</key>');
    return foldingRanges(text, parsePlist(text).root).length;
  },
  // Completion in a value left open, then 300,000 spaces and a letter: `/\s+$/` tried from every space.
  'completion in an open value followed by 300,000 spaces': () => {
    const text = example('Okta</string>', `Ok${' '.repeat(300_000)}a\n</string>`);
    return completionsAt(text, text.indexOf('Ok ') + 2, options).length;
  },
  // Completion after a 300,000-letter word and a space: `/[A-Za-z0-9_.-]+$/` tried from every letter.
  'completion after a 300,000-letter word': () => {
    const marker = '<key>AccountDisplayName</key>';
    const text = example(marker, `${'a'.repeat(300_000)} ${marker}`);
    return completionsAt(text, text.indexOf(marker), options).length;
  },
  // Completion among 80,000 authsrv: hosts: each host was searched for in the list of those before it.
  'completion among 80,000 authsrv: hosts': () => {
    const marker = '<string>authsrv:example.okta.com</string>';
    let items = '';
    for (let i = 0; i < 80_000; i++) items += `<string>authsrv:h${i}.okta.com</string>\n`;
    const text = example(marker, items + marker);
    return completionsAt(text, text.indexOf(marker), options).length;
  },
  // The preview of 80,000 refused (empty) payloads: the payload of each failing step was searched for.
  'the deployment preview of 80,000 empty payloads': () => {
    const marker = '<key>PayloadContent</key>\n\t<array>';
    const text = example(marker, `${marker}\n${'<dict/>\n'.repeat(80_000)}`);
    return simulate([checkText(text, options)]).steps.length;
  },
};

if (!isMainThread) {
  parentPort!.postMessage(CASES[workerData as string]());
} else {
  for (const name of Object.keys(CASES)) {
    test(`${name} finishes`, async () => {
      const worker = new Worker(__filename, { workerData: name });
      let timer: NodeJS.Timeout | undefined;
      try {
        const answer = await new Promise<number>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
          timer = setTimeout(() => reject(new Error(`${name}: still running after 60 s`)), 60_000);
        });
        assert.equal(typeof answer, 'number', `${name}: an answer`);
      } finally {
        clearTimeout(timer);
        await worker.terminate();
      }
    });
  }
}
