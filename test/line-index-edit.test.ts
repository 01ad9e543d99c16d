// LineIndex.afterEdit (core/text.ts) builds the index of an edited text from the index before the edit (the server's
// completion does, after each keystroke). It must equal an index built from scratch, whatever the edit: line breaks
// of every kind inserted or removed, a CRLF pair split or joined at either edge of the change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../server/src/core/text';
import { textChange } from '../server/src/core/features/reuse-tree';

/** A deterministic pseudo-random sequence (the same edits on every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const PIECES = ['a', 'bc', ' ', '\n', '\r', '\r\n', '\n\r', '<key>', '\t'];

function assertSameIndex(edited: LineIndex, fresh: LineIndex, what: string): void {
  assert.equal(edited.lineCount, fresh.lineCount, `${what}: line count`);
  for (let o = 0; o <= fresh.text.length; o++) assert.deepEqual(edited.positionAt(o), fresh.positionAt(o), `${what}: offset ${o}`);
  for (let line = 0; line < fresh.lineCount; line++) {
    assert.equal(edited.offsetAt({ line, character: 0 }), fresh.offsetAt({ line, character: 0 }), `${what}: line ${line}`);
    assert.equal(edited.offsetAt({ line, character: 1000 }), fresh.offsetAt({ line, character: 1000 }), `${what}: end of line ${line}`);
  }
}

test('an index carried across an edit equals one built from the edited text', () => {
  const next = random(7);
  const pick = () => PIECES[Math.floor(next() * PIECES.length)];
  for (let round = 0; round < 3000; round++) {
    let before = '';
    for (let i = Math.floor(next() * 12); i > 0; i--) before += pick();
    const start = Math.floor(next() * (before.length + 1));
    const removed = Math.floor(next() * (before.length - start + 1) * (next() < 0.5 ? 0 : 1));
    let inserted = '';
    for (let i = Math.floor(next() * 3); i > 0; i--) inserted += pick();
    const after = before.slice(0, start) + inserted + before.slice(start + removed);
    const what = JSON.stringify({ before, after });
    // As the edit was made, and as the server finds it again by comparing the texts.
    assertSameIndex(LineIndex.afterEdit(new LineIndex(before), after, start, removed, inserted.length), new LineIndex(after), what);
    const change = textChange(before, after);
    assertSameIndex(LineIndex.afterEdit(new LineIndex(before), after, change.start, change.removed, change.inserted), new LineIndex(after), `${what} (diffed)`);
  }
});
