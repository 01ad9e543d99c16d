// The server's completion takes a kept tree for a text that differs from the parsed one only by whitespace between
// elements (core/features/reuse-tree.ts). Differential: at every line start of the examples and of corpus profiles,
// a new indented line is typed; wherever the tree is reused, it must equal a fresh parse of the new text (values,
// keys, kinds; offsets through `treeOffset`), and completion with it must equal completion parsing for itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { completionsAt, reuseTreeAcrossWhitespace } from '../../server/src/core/features';
import { decodeBytes } from '../../server/src/core/decode';
import { buildModel } from '../../server/src/core/model';
import type { PlistNode } from '../../server/src/core/plist/ast';
import { parsePlist } from '../../server/src/core/plist/parse';

const repoRoot = (() => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

function profiles(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const add = (dir: string, limit = Infinity) => {
    if (!existsSync(dir)) return;
    const names = readdirSync(dir)
      .filter((n) => /\.(mobileconfig|plist)$/i.test(n))
      .sort()
      .slice(0, limit);
    for (const name of names) {
      const text = decodeBytes(readFileSync(path.join(dir, name))).text;
      if (text !== undefined) out.push({ name, text });
    }
  };
  add(path.join(repoRoot, 'examples'));
  add(path.join(repoRoot, 'examples', 'macos13'));
  add(path.resolve(repoRoot, '..', 'shared', 'corpus', 'files'), 40);
  return out;
}

/** The same tree: kinds, keys and values equal, each fresh offset mapped onto the reused node's. */
function assertSameTree(fresh: PlistNode | undefined, reused: PlistNode | undefined, treeOffset: (o: number) => number, where: string): void {
  assert.equal(fresh?.kind, reused?.kind, where);
  if (!fresh || !reused) return;
  assert.equal(treeOffset(fresh.span.start), reused.span.start, `${where}: start`);
  assert.equal(treeOffset(fresh.span.end), reused.span.end, `${where}: end`);
  if (fresh.kind === 'dict' && reused.kind === 'dict') {
    assert.deepEqual(
      fresh.entries.map((e) => e.key),
      reused.entries.map((e) => e.key),
      where,
    );
    fresh.entries.forEach((e, i) => assertSameTree(e.value, reused.entries[i].value, treeOffset, `${where}.${e.key}`));
  } else if (fresh.kind === 'array' && reused.kind === 'array') {
    assert.equal(fresh.items.length, reused.items.length, where);
    fresh.items.forEach((item, i) => assertSameTree(item, reused.items[i], treeOffset, `${where}[${i}]`));
  } else assert.deepEqual((fresh as { value: unknown }).value, (reused as { value: unknown }).value, where);
}

function fixedUuids() {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

test('a tree reused across typed whitespace equals a fresh parse, and completion with it equals completion without', () => {
  let reusedCount = 0;
  let refused = 0;
  for (const { name, text } of profiles()) {
    const parsed = parsePlist(text);
    if (parsed.problems.length > 0 || !parsed.root) continue;
    const model = { documentId: name, fileName: name };
    const lineStarts = [...text.matchAll(/\n/g)].map((m) => m.index + 1).filter((o) => o < text.length);
    for (const at of lineStarts.slice(0, 60)) {
      const typed = text.slice(0, at) + '\t\t\n' + text.slice(at);
      const reused = reuseTreeAcrossWhitespace(text, parsed.root, typed);
      if (!reused) {
        refused++;
        continue;
      }
      reusedCount++;
      assertSameTree(parsePlist(typed).root, reused.root, reused.treeOffset, `${name}@${at}`);
      const document = buildModel(reused.root, model);
      const withTree = completionsAt(typed, at + 2, {
        ...model,
        uuid: fixedUuids(),
        parsed: (t) => (t === typed ? { root: reused.root, document, treeOffset: reused.treeOffset } : undefined),
      });
      const alone = completionsAt(typed, at + 2, { ...model, uuid: fixedUuids() });
      assert.deepEqual(withTree, alone, `${name}@${at}`);
    }
  }
  assert.ok(reusedCount > 100, `trees were reused (${reusedCount}, refused ${refused})`);
  assert.ok(refused > 0, 'some line starts are not between elements (the prolog, a multi-line value)');
});

test('a tree is not reused when the change is not whitespace between elements', () => {
  const text = '<?xml version="1.0"?>\n<plist version="1.0">\n<dict>\n\t<key>A</key>\n\t<string>a b</string>\n\t<key>B</key>\n\t<dict/>\n</dict>\n</plist>\n';
  const root = parsePlist(text).root;
  const at = (needle: string, delta = 0) => text.indexOf(needle) + delta;
  const edit = (offset: number, inserted: string, removed = 0) => text.slice(0, offset) + inserted + text.slice(offset + removed);
  assert.ok(reuseTreeAcrossWhitespace(text, root, edit(at('\t<key>B'), '\n\t')), 'between entries');
  assert.ok(reuseTreeAcrossWhitespace(text, root, edit(at('\t<key>B'), '', 1)), 'indentation removed');
  assert.ok(reuseTreeAcrossWhitespace(text, root, text), 'the same text');
  assert.equal(reuseTreeAcrossWhitespace(text, root, edit(at('a b', 1), ' ')), undefined, 'inside a string value');
  assert.equal(reuseTreeAcrossWhitespace(text, root, edit(at('a b', 1), '', 1)), undefined, 'a space taken out of a value');
  assert.equal(reuseTreeAcrossWhitespace(text, root, edit(at('<key>A', 4), ' ')), undefined, 'inside a key tag');
  assert.equal(reuseTreeAcrossWhitespace(text, root, edit(at('<dict/>', 5), ' ')), undefined, 'inside an empty element tag');
  assert.equal(reuseTreeAcrossWhitespace(text, root, edit(at('<dict>'), '\n')), undefined, 'outside the root dict');
  assert.equal(reuseTreeAcrossWhitespace(text, root, edit(at('\t<key>B'), 'x')), undefined, 'not whitespace');
  assert.equal(reuseTreeAcrossWhitespace(text, root, edit(at('\t<key>B'), '\u00a0')), undefined, 'not XML whitespace');
});
