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
