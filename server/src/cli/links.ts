import { realpathSync } from 'fs';
import * as path from '../node/path';

/**
 * Symbolic links among the files of a run. Each real file is checked once
 * (a link and its target in one folder are one file, not two that collide),
 * and `--fix` writes the real file, never replacing the link, and only when
 * that real file lies inside the paths the user named, unless
 * `--follow-symlinks` says links may lead anywhere.
 */
export interface ResolvedFile {
  /** The path as discovered (what the report shows). */
  file: string;
  /** The real path (links resolved); what --fix writes. */
  real: string;
  /** Why --fix must not write it, if it must not. */
  noWrite?: string;
}

/**
 * `links`: the files that are symbolic links themselves (the discovery knows them from the folder listings).
 * `forFix`: whether `noWrite` is wanted (a run that writes nothing needs only the real paths, to see duplicates).
 */
export function resolveLinks(
  files: readonly string[],
  links: ReadonlySet<string>,
  inputs: readonly string[],
  cwd: string,
  followSymlinks: boolean,
  forFix = true,
): { files: ResolvedFile[]; duplicates: string[] } {
  // A file that is not a link is where its folder really is: one realpath per folder, not per file.
  const realFolders = new Map<string, string>();
  const realFolder = (dir: string) => {
    let real = realFolders.get(dir);
    if (real === undefined) realFolders.set(dir, (real = realOrSelf(dir)));
    return real;
  };
  const discovered = new Set(files);
  // The real paths of the named inputs, a set: a named file the discovery found not to be a link is resolved
  // through its folder (many named files of one folder cost one realpath, and the test below stays linear).
  // Only --fix asks where a file may be written (and not with --follow-symlinks): a check skips them.
  const needRoots = forFix && !followSymlinks;
  const roots = new Set<string>();
  for (const input of needRoots ? inputs : []) {
    const named = path.resolve(cwd, /[*?]/.test(input) ? globBase(input) : input);
    const real = discovered.has(named) && !links.has(named) ? path.join(realFolder(path.dirname(named)), path.basename(named)) : realOrSelf(named);
    roots.add(withoutTrailingSeparator(real));
  }
  const seen = new Map<string, ResolvedFile>();
  const duplicates: string[] = [];
  const out: ResolvedFile[] = [];
  // Plain files first, so of a link and its target the target is the one kept (without links: the discovery order).
  const ordered = links.size === 0 ? files : [...files].sort((a, b) => Number(links.has(a)) - Number(links.has(b)));
  for (const file of ordered) {
    let real: string;
    if (links.has(file)) real = realOrSelf(file);
    else {
      // Every discovered path is absolute and normalised: in a folder that is its own real path, the file is too.
      const dir = path.folderOf(file);
      const realDir = realFolder(dir);
      real = realDir === dir ? file : path.join(realDir, path.nameOf(file));
    }
    const kept = seen.get(real);
    if (kept) {
      duplicates.push(file);
      continue;
    }
    const entry: ResolvedFile = { file, real };
    if (needRoots && !isWithin(real, roots)) entry.noWrite = 'it is a link to a file outside the paths you named (use --follow-symlinks to let --fix write it)';
    seen.set(real, entry);
    out.push(entry);
  }
  // Back to the discovery order.
  if (ordered !== files) {
    const order = new Map(files.map((f, i) => [f, i]));
    out.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
  }
  return { files: out, duplicates };
}

/** Is `real` one of the roots or inside one (a root is a path, or a folder the path lies in)? Its ancestors are looked up. */
function isWithin(real: string, roots: ReadonlySet<string>): boolean {
  for (let p = real; ;) {
    if (roots.has(p)) return true;
    const parent = path.dirname(p);
    if (parent === p) return false;
    p = parent;
  }
}

/** `/a/b/` → `/a/b`; a file system root (`/`, `C:\\`) stays as it is. */
function withoutTrailingSeparator(p: string): string {
  return p.length > path.parse(p).root.length && p.endsWith(path.sep) ? p.slice(0, -1) : p;
}

function realOrSelf(p: string): string {
  try {
    // The system's realpath(3): one call, where node's JavaScript version lstats every component of every path.
    return realpathSync.native(p);
  } catch {
    return p;
  }
}

/** The literal folder a glob starts from. */
function globBase(pattern: string): string {
  const segments = pattern.split(/[\\/]/);
  const first = segments.findIndex((s) => /[*?]/.test(s));
  return segments.slice(0, first).join('/') || '.';
}
