import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../server/src/core/text';

test('LineIndex treats CRLF, CR and LF each as one line break', () => {
  const li = new LineIndex('a\r\nb\rc\nd');
  assert.equal(li.lineCount, 4);
  assert.deepEqual(li.positionAt(3), { line: 1, character: 0 });
  assert.deepEqual(li.positionAt(5), { line: 2, character: 0 });
  assert.deepEqual(li.positionAt(7), { line: 3, character: 0 });
  assert.deepEqual(li.positionAt(2), { line: 0, character: 2 }, 'inside the CRLF pair stays on the line');
  assert.equal(li.offsetAt({ line: 3, character: 1 }), 8);
  assert.equal(li.offsetAt({ line: 9, character: 0 }), 8, 'past the end clamps');
  assert.deepEqual(new LineIndex('').positionAt(0), { line: 0, character: 0 });
  assert.equal(new LineIndex('\r\n\r\n').lineCount, 3);
  assert.equal(new LineIndex('x\r').lineCount, 2);
});

test('LineIndex on a large file stays linear', () => {
  const big = `${'x'.repeat(50)}\n`.repeat(200_000);
  const li = new LineIndex(big);
  assert.equal(li.lineCount, 200_001);
  assert.deepEqual(li.positionAt(big.length - 1), { line: 199_999, character: 50 });
});

test('LineIndex agrees with a plain scan on random mixes of CR, LF and CRLF, short lines included (its table grows)', () => {
  const reference = (text: string) => {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\r' && text[i + 1] === '\n') i++;
      if (text[i] === '\n' || text[i] === '\r') starts.push(i + 1);
    }
    return starts;
  };
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (const length of [0, 1, 2, 3, 31, 32, 33, 100, 5000, 70000]) {
    const text = Array.from({ length }, () => '\r\n\r\nab'[Math.floor(random() * 6)] ?? 'a').join('');
    const starts = reference(text);
    const li = new LineIndex(text);
    assert.equal(li.lineCount, starts.length, `length ${length}`);
    starts.forEach((start, line) => {
      assert.deepEqual(li.positionAt(start), { line, character: 0 });
      assert.equal(li.offsetAt({ line, character: 0 }), start);
    });
  }
  const short = 'a\n'.repeat(100_000);
  assert.equal(new LineIndex(short).lineCount, 100_001);
  assert.deepEqual(new LineIndex(short).positionAt(short.length - 1), { line: 99_999, character: 1 });
});

test('LineIndex scans its text on the first question about a position, not before', () => {
  // A run that checks a folder places no problem in most files: those texts are never scanned for line starts.
  const scanned = (li: LineIndex) => (li as unknown as { starts: Uint32Array | undefined }).starts !== undefined;
  const li = new LineIndex('a\nb\nc');
  assert.equal(scanned(li), false);
  assert.deepEqual(li.positionAt(2), { line: 1, character: 0 });
  assert.equal(scanned(li), true);
  // The answers are the same whichever question comes first.
  for (const first of ['positionAt', 'offsetAt', 'lineCount', 'rangeOf'] as const) {
    const fresh = new LineIndex('a\r\nbb\rc');
    if (first === 'positionAt') fresh.positionAt(4);
    else if (first === 'offsetAt') fresh.offsetAt({ line: 2, character: 0 });
    else if (first === 'lineCount') void fresh.lineCount;
    else fresh.rangeOf({ start: 0, end: 6 });
    assert.deepEqual([fresh.lineCount, fresh.positionAt(6), fresh.offsetAt({ line: 1, character: 1 })], [3, { line: 2, character: 0 }, 4], first);
  }
});
