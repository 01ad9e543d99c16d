/**
 * Node's `path`, re-exported by name, for `import * as path from '../node/path'`. A namespace import of node's own
 * module (`import * as path from 'path'`) makes esbuild copy every property of it into a new object (`__toESM`) in
 * each importing file when the bundle loads: fourteen copies, ~100 KB and ~1 ms of every CLI run. A name imported
 * from here is read from node's module directly.
 */
export { basename, dirname, isAbsolute, join, parse, posix, relative, resolve, sep } from 'path';
