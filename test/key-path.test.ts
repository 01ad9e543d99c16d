import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinKeyPath, keyPathOf } from '../server/src/core/model';
import { parsePlist } from '../server/src/core/plist/parse';
import type { ArrayNode, DictNode, PlistNode } from '../server/src/core/plist/ast';
import { corpusFiles, repoFiles } from './helpers/corpus';

// keyPathOf keeps the path of each container and indexes large containers; it must name every node exactly as the
// plain walk up the parents does.

function walkUp(node: PlistNode): string {
  const parts: string[] = [];
  let cur: PlistNode = node;
  while (cur.parent) {
    const parent: DictNode | ArrayNode = cur.parent;
    if (parent.kind === 'array') parts.push(`[${parent.items.indexOf(cur)}]`);
    else {
      const entry = parent.entries.find((e) => e.value === cur);
      parts.push(entry ? joinKeyPath('', entry.key).replace(/^(?=[A-Za-z_])/, '.') : '.?');
    }
    cur = parent;
  }
  return parts.reverse().join('').replace(/^\./, '');
}

function* nodes(node: PlistNode): Generator<PlistNode> {
  yield node;
  if (node.kind === 'dict') for (const e of node.entries) if (e.value) yield* nodes(e.value);
  if (node.kind === 'array') for (const item of node.items) yield* nodes(item);
}

function sameAsWalk(text: string, name: string): number {
  const { root } = parsePlist(text);
  if (!root) return 0;
  let n = 0;
  // Twice: the second pass reads the kept container paths.
  for (let pass = 0; pass < 2; pass++) {
    for (const node of nodes(root)) {
      assert.equal(keyPathOf(node), walkUp(node), `${name}, pass ${pass}`);
      n++;
    }
  }
  return n;
}

test('key paths in large containers: arrays of 100 items, dicts of 40 keys with dots and duplicates', () => {
  const items = Array.from({ length: 100 }, (_, i) =>
    i % 3 ? `<string>s${i}</string>` : `<dict><key>K${i}</key><array><integer>${i}</integer></array></dict>`,
  ).join('');
  const keys = Array.from(
    { length: 40 },
    (_, i) => `<key>${i % 5 === 0 ? 'Dup' : i % 7 === 0 ? `Dotted.${i}` : `Key${i}`}</key><array>${i % 2 ? '<true/>' : items}</array>`,
  ).join('');
  const text = `<plist version="1.0"><dict>${keys}<key>Last key</key><dict>${keys}</dict></dict></plist>`;
  assert.ok(sameAsWalk(text, 'generated') > 10000);
});

test('key paths of every node of the examples, the fixtures and the corpus', () => {
  for (const file of [...repoFiles('examples'), ...repoFiles('test/fixtures'), ...corpusFiles()]) sameAsWalk(new TextDecoder().decode(file.bytes), file.name);
});
