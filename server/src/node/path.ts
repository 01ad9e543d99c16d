import { basename, dirname, join, sep } from 'path';

/**
 * Node's `path`, re-exported by name, for `import * as path from '../node/path'`. A namespace import of node's own
 * module (`import * as path from 'path'`) makes esbuild copy every property of it into a new object (`__toESM`) in
 * each importing file when the bundle loads: fourteen copies, ~100 KB and ~1 ms of every CLI run. A name imported
 * from here is read from node's module directly.
 */
export { basename, dirname, isAbsolute, join, normalize, parse, posix, relative, resolve, sep } from 'path';

// The discovery hands every file of a run through a few of these, and node's `join`, `dirname` and `basename` walk
// the whole path character by character: on POSIX, for a path that is already normalised (absolute, from
// `path.resolve` or built here; no `//`, `.` or `..` segment, no trailing separator), the last `/` says it all.
// Elsewhere (Windows drive roots, `\`) and for any other path they are node's.

/** `path.join(dir, name)` for a normalised folder and a name read from its listing. */
export function childPath(dir: string, name: string): string {
  if (sep !== '/' || dir === '' || dir === '.' || name === '' || name === '.' || name === '..' || name.includes('/')) return join(dir, name);
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** `path.dirname(file)` for a normalised path. */
export function folderOf(file: string): string {
  if (sep !== '/' || file.endsWith('/')) return dirname(file);
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '.' : slash === 0 ? '/' : file.slice(0, slash);
}

/** `path.basename(file)` for a normalised path. */
export function nameOf(file: string): string {
  if (sep !== '/' || file.endsWith('/')) return basename(file);
  return file.slice(file.lastIndexOf('/') + 1);
}
