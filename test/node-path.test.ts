import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nodePath from 'node:path';
import { childPath, folderOf, isNormalFolder, nameOf } from '../server/src/node/path';

// server/src/node/path.ts answers join/dirname/basename from the last separator, without node's character-by-character
// walk, where that is the same answer: it must give node's answers on every path, normalised or not.

const folders = ['/', '/a', '/work/shared/corpus/files', '/a/b.c/d', '/tmp/x y/z', '/é/ü', '/a/', '/..a/b..'];
const oddFolders = ['rel', 'rel/sub', '.', './', '', 'sub/../', './/', '/a//b', '/a/./b', '/a/../b', '//a', '/a/b/.', '/a/b/..'];
const names = ['x.mobileconfig', '.hidden', 'a b.plist', '..x', 'x..', 'é.plist', 'com.okta.mobile.plist'];

test('childPath, folderOf and nameOf agree with node on every folder, normalised or not', () => {
  for (const folder of [...folders, ...oddFolders]) {
    for (const name of names) {
      const joined = nodePath.join(folder, name);
      assert.equal(childPath(folder, name, isNormalFolder(folder)), joined, `childPath(${JSON.stringify(folder)}, ${name})`);
      assert.equal(folderOf(joined), nodePath.dirname(joined), `folderOf(${joined})`);
      assert.equal(nameOf(joined), nodePath.basename(joined), `nameOf(${joined})`);
      const raw = `${folder}/${name}`;
      assert.equal(folderOf(raw), nodePath.dirname(raw), `folderOf(${JSON.stringify(raw)})`);
      assert.equal(nameOf(raw), nodePath.basename(raw), `nameOf(${JSON.stringify(raw)})`);
    }
    assert.equal(folderOf(folder), nodePath.dirname(folder), `folderOf(${JSON.stringify(folder)})`);
    assert.equal(nameOf(folder), nodePath.basename(folder), `nameOf(${JSON.stringify(folder)})`);
  }
});

test('only absolute, normalised folders are joined by concatenation; odd names are left to node', () => {
  for (const folder of folders) assert.equal(isNormalFolder(folder), process.platform !== 'win32', folder);
  for (const folder of oddFolders) assert.equal(isNormalFolder(folder), false, JSON.stringify(folder));
  for (const name of ['', '.', '..', 'a/b', '../x']) assert.equal(childPath('/a/b', name, true), nodePath.join('/a/b', name), name);
});
