import { basename, dirname, join, normalize, sep } from 'path';

/**
 * Node's `path`, re-exported by name, for `import * as path from '../node/path'`. A namespace import of node's own
 * module (`import * as path from 'path'`) makes esbuild copy every property of it into a new object (`__toESM`) in
 * each importing file when the bundle loads: fourteen copies, ~100 KB and ~1 ms of every CLI run. A name imported
 * from here is read from node's module directly.
 */
export { basename, dirname, isAbsolute, join, normalize, parse, posix, relative, resolve, sep } from 'path';

// The discovery hands every file of a run through a few of these, and node's `join`, `dirname` and `basename` walk
// the whole path character by character, in code that runs cold. On POSIX the last `/` says it all: for a folder
// that is absolute and normalised (`isNormalFolder`, asked once per folder) and a name from its listing, and for an
// absolute path without a trailing separator. Anything else (relative paths, `//` at the start, a trailing `/`,
// Windows) gets node's own answer.

/** Whether `childPath` may join names to this folder by concatenation: absolute and normalised, on POSIX. */
export function isNormalFolder(dir: string): boolean {
  return sep === '/' && dir.startsWith('/') && !dir.startsWith('//') && normalize(dir) === dir;
}

/** `path.join(dir, name)`; `normal` says `isNormalFolder(dir)` (asked once for all the names of a listing). */
export function childPath(dir: string, name: string, normal: boolean): string {
  if (!normal || name === '' || name === '.' || name === '..' || name.includes('/')) return join(dir, name);
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** Whether `folderOf` and `nameOf` may answer from the last separator. */
function plainAbsolute(file: string): boolean {
  return sep === '/' && file.startsWith('/') && !file.startsWith('//') && !file.endsWith('/');
}

/** `path.dirname(file)`. */
export function folderOf(file: string): string {
  if (!plainAbsolute(file)) return dirname(file);
  const slash = file.lastIndexOf('/');
  return slash === 0 ? '/' : file.slice(0, slash);
}

/** `path.basename(file)`. */
export function nameOf(file: string): string {
  return plainAbsolute(file) ? file.slice(file.lastIndexOf('/') + 1) : basename(file);
}
