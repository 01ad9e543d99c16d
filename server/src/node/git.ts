// node:child_process is required on first use: a plain `check` never runs git and should not pay for loading it.
import type * as ChildProcess from 'child_process';
import * as path from './path';
import { isProfileFileName } from '../core';
import { displayPath, globToRegExp, isGlobPattern, SKIPPED_DIRECTORIES } from './discover';

/**
 * Reading profiles as they were at a git revision, for `plan`: `git ls-tree`
 * lists them and `git show <ref>:<path>` reads each one. Never a checkout: the
 * user's work tree and index are left alone. Same discovery rules as `check`
 * (profile file names, node_modules and .git skipped, `*`, `**`, `?` globs).
 */

export class GitError extends Error {}

/** Up to 5,000 files and 5 MB each, as the workspace scan. */
const MAX_FILES = 5000;
const MAX_FILE_BYTES = 5 * 1024 * 1024;

function git(cwd: string, args: readonly string[], encoding: 'buffer' | 'utf8' = 'utf8'): Buffer | string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at every CLI start
    return (require('child_process') as typeof ChildProcess).execFileSync('git', args, {
      cwd,
      encoding: encoding === 'utf8' ? 'utf8' : undefined,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      windowsHide: true,
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer | string };
    if (err.code === 'ENOENT') throw new GitError('git is not installed (or not on PATH); use --from <folder> to compare two folders');
    const stderr = String(err.stderr ?? '')
      .trim()
      .split('\n')[0];
    throw new GitError(stderr || err.message);
  }
}

/** The top folder of the repository `cwd` is in. */
export function gitRoot(cwd: string): string {
  let out: string;
  try {
    out = git(cwd, ['rev-parse', '--show-toplevel']) as string;
  } catch (e) {
    if (e instanceof GitError && /not a git repository/i.test(e.message))
      throw new GitError('not inside a git repository; use --from <folder> to compare two folders');
    throw e;
  }
  return path.resolve(out.trim());
}

/** The commit a ref names; a clear error for a ref that does not exist (or an empty repository). */
export function resolveCommit(root: string, ref: string): string {
  if (ref.startsWith('-')) throw new GitError(`"${ref}" is not a revision`);
  try {
    return (git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]) as string).trim();
  } catch {
    throw new GitError(`unknown revision "${ref}" (no such branch, tag or commit${ref === 'HEAD' ? '; the repository has no commit yet' : ''})`);
  }
}

export interface RevisionFile {
  /** The id `check` reports the working-tree file under (relative to cwd, forward slashes). */
  documentId: string;
  fileName: string;
  bytes: Uint8Array;
}

/** Every regular file of the commit below `prefix` (relative to the repository root; '' for all). Submodules and symbolic links are left out. */
function listTree(root: string, commit: string, prefix: string): string[] {
  const args = ['ls-tree', '-r', '-z', '--full-tree', commit];
  if (prefix) args.push('--', prefix);
  const out: string[] = [];
  for (const line of (git(root, args) as string).split('\0')) {
    const m = /^(\d+) (\w+) [0-9a-f]+\t(.*)$/s.exec(line);
    if (m && m[2] === 'blob' && (m[1] === '100644' || m[1] === '100755')) out.push(m[3]);
  }
  return out;
}

function skipped(file: string, pattern?: string): boolean {
  return file
    .split('/')
    .slice(0, -1)
    .some((segment) => SKIPPED_DIRECTORIES.has(segment) && !(pattern ?? '').split('/').includes(segment));
}

/**
 * The profiles that `inputs` (files, folders, globs relative to `cwd`) name at `ref`.
 * A path that did not exist at the revision simply yields nothing there: it is new.
 */
export function readProfilesAtRevision(
  cwd: string,
  ref: string,
  inputs: readonly string[],
  preferenceDomainFiles?: Readonly<Record<string, string>>,
): { commit: string; files: RevisionFile[] } {
  const root = gitRoot(cwd);
  const commit = resolveCommit(root, ref);
  const found = new Set<string>();
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    const rel = path.relative(root, absolute).split(path.sep).join('/');
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new GitError(`${input}: outside the git repository at ${root}`);
    if (isGlobPattern(input)) {
      const segments = rel.split('/');
      const firstWild = segments.findIndex((s) => isGlobPattern(s));
      const base = segments.slice(0, firstWild).join('/');
      const matcher = globToRegExp(segments.slice(firstWild).join('/'));
      for (const file of listTree(root, commit, base)) {
        const inBase = base ? file.slice(base.length + 1) : file;
        if (matcher.test(inBase) && !skipped(inBase, input)) found.add(file);
      }
      continue;
    }
    const listed = listTree(root, commit, rel === '' ? '' : rel);
    if (listed.length === 1 && listed[0] === rel) {
      found.add(rel); // a file named on the command line is taken whatever its name, as in check
      continue;
    }
    for (const file of listed) {
      const inFolder = rel ? file.slice(rel.length + 1) : file;
      if (!skipped(inFolder) && isProfileFileName(path.posix.basename(file), preferenceDomainFiles)) found.add(file);
    }
  }
  if (found.size > MAX_FILES) throw new GitError(`more than ${MAX_FILES} profiles at ${ref}; name fewer paths`);
  const files: RevisionFile[] = [];
  for (const file of [...found].sort()) {
    const bytes = git(root, ['show', `${commit}:${file}`], 'buffer') as Buffer;
    if (bytes.length > MAX_FILE_BYTES) throw new GitError(`${file} at ${ref} is larger than 5 MB`);
    files.push({ documentId: displayPath(path.join(root, ...file.split('/')), cwd), fileName: path.posix.basename(file), bytes });
  }
  return { commit, files };
}
