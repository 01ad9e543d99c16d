import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nodePath from 'node:path';
import { childPath, folderOf, nameOf } from '../server/src/node/path';

// server/src/node/path.ts answers join/dirname/basename for normalised paths from the last separator, without node's
// character-by-character walk: it must give node's answers on every path the discovery can hand it.

const folders = ['/', '/a', '/work/shared/corpus/files', '/a/b.c/d', '/tmp/x y/z', '/é/ü', '/a/', 'rel', 'rel/sub', '.', '/..a/b..'];
const names = ['x.mobileconfig', '.hidden', 'a b.plist', '..x', 'x..', 'é.plist', 'com.okta.mobile.plist'];

test('childPath, folderOf and nameOf agree with node on normalised paths', () => {
  for (const folder of folders) {
    for (const name of names) {
      const joined = nodePath.join(folder, name);
      assert.equal(childPath(folder, name), joined, `childPath(${folder}, ${name})`);
      assert.equal(folderOf(joined), nodePath.dirname(joined), `folderOf(${joined})`);
      assert.equal(nameOf(joined), nodePath.basename(joined), `nameOf(${joined})`);
    }
    assert.equal(folderOf(folder), nodePath.dirname(folder), `folderOf(${folder})`);
    assert.equal(nameOf(folder), nodePath.basename(folder), `nameOf(${folder})`);
  }
});

test('names that are not plain names are left to node', () => {
  for (const name of ['', '.', '..', 'a/b', '../x']) assert.equal(childPath('/a/b', name), nodePath.join('/a/b', name), name);
  for (const folder of ['', '.']) assert.equal(childPath(folder, 'x.plist'), nodePath.join(folder, 'x.plist'), `folder "${folder}"`);
});
