import { type Dirent, type Stats, lstatSync, readdirSync, statSync } from 'fs';
import * as path from './path';
import { globToRegExp as coreGlobToRegExp, isProfileFileName } from '../core';
import { PROFILE_FILE_LIMITS } from '../limits';

/**
 * Turn command-line inputs (files, folders, simple globs) into the list of
 * files to check. Node 20 has no `fs.globSync`, and `*`, `**` and `?` are all
 * we promise, so a small matcher here beats another dependency.
 */

/** Folders never worth searching: dependencies and VCS internals. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '.git']);

export interface DiscoveryResult {
  /** Absolute paths, de-duplicated, sorted by their path relative to the cwd. */
  files: string[];
  /** One human-readable message per input that yielded nothing or could not be read. */
  errors: string[];
  /** The files that are symbolic links (known from the folder listings, so the CLI need not lstat every file again). */
  links: Set<string>;
  /** Each file's `displayPath` (worked out once for the sort; the CLI reports files under it). */
  shown: ReadonlyMap<string, string>;
}

/** The language server's bounds on reading a workspace: how many profiles, and none larger than this (the CLI has none). */
/** The language server's bounds, the same on the web (where the client reads the files). */
export const SERVER_LIMITS: ProfileLimits = PROFILE_FILE_LIMITS;

export interface ProfileLimits {
  /** Stop after this many files. */
  maxFiles: number;
  /** Leave out larger files. */
  maxFileBytes: number;
}

/**
 * The profile files under the folders (the one folder search of the CLI and the
 * language server): `*.mobileconfig` and known preference plists, in name order,
 * skipping node_modules and .git, following links to files but not to folders.
 * With limits, at most `maxFiles` files and none larger than `maxFileBytes`.
 */
export function findProfiles(
  folders: readonly string[],
  preferenceDomainFiles?: Readonly<Record<string, string>>,
  limits?: ProfileLimits,
  links?: Set<string>,
): string[] {
  const out: string[] = [];
  const full = () => limits !== undefined && out.length >= limits.maxFiles;
  for (const folder of folders) {
    if (full()) break;
    walk(folder, (file, isLink) => {
      if (full() || !isProfileFileName(path.nameOf(file), preferenceDomainFiles)) return;
      if (limits && !withinLimit(file, limits.maxFileBytes)) return;
      out.push(file);
      if (isLink) links?.add(file);
    });
  }
  return out;
}

/** The profile files directly in one folder (a deployment's members on disk), in name order. */
export function profilesInFolder(folder: string, preferenceDomainFiles?: Readonly<Record<string, string>>, limits?: ProfileLimits): string[] {
  let names: string[];
  try {
    names = readdirSync(folder).sort(compareStrings);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    if (!isProfileFileName(name, preferenceDomainFiles)) continue;
    const file = path.join(folder, name);
    const stat = statOrUndefined(file);
    if (stat?.isFile() && (!limits || stat.size <= limits.maxFileBytes)) out.push(file);
  }
  return out;
}

function withinLimit(file: string, maxBytes: number): boolean {
  const stat = statOrUndefined(file);
  return stat !== undefined && stat.size <= maxBytes;
}

export function isGlobPattern(input: string): boolean {
  return /[*?]/.test(input);
}

/** Path relative to `cwd` with forward slashes: the id we report files under. */
export function displayPath(absolute: string, cwd: string): string {
  const rel = path.relative(cwd, absolute);
  return (rel === '' ? path.basename(absolute) : rel).split(path.sep).join('/');
}

export function discoverFiles(inputs: readonly string[], cwd: string, preferenceDomainFiles?: Readonly<Record<string, string>>): DiscoveryResult {
  const found = new Set<string>();
  const errors: string[] = [];
  const links = new Set<string>();
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    // One lstat tells a plain file or folder (the usual input); only a link needs a stat of what it leads to.
    const own = lstatOrUndefined(absolute);
    const isLink = own?.isSymbolicLink() === true;
    const stat = isLink ? statOrUndefined(absolute) : own;
    // An existing path wins over glob syntax: a file may really be called `a?.plist`.
    if (stat?.isFile()) {
      found.add(absolute);
      if (isLink) links.add(absolute);
    } else if (stat?.isDirectory()) {
      const before = found.size;
      for (const file of findProfiles([absolute], preferenceDomainFiles, undefined, links)) found.add(file);
      if (found.size === before) errors.push(`${input}: no profiles found in this folder (looked for *.mobileconfig and known preference plists)`);
    } else if (isGlobPattern(input)) {
      const matches = expandGlob(input, cwd, links);
      if (matches.length === 0) errors.push(`${input}: no files match this pattern`);
      for (const m of matches) found.add(m);
    } else if (stat) {
      errors.push(`${input}: not a file or folder`);
    } else {
      errors.push(`${input}: no such file or folder`);
    }
  }
  // Each display path computed once, not once per comparison; a folder's relative path once for all its files.
  const folders = new Map<string, string>();
  const shown = new Map<string, string>();
  for (const file of found) {
    const dir = path.folderOf(file);
    let rel = folders.get(dir);
    if (rel === undefined) folders.set(dir, (rel = path.relative(cwd, dir)));
    // For a normalised path (every found path is one), `path.relative(cwd, file)` is the folder's relative path, a
    // slash and the file's name (the name alone when the folder is cwd).
    shown.set(file, rel === '' || path.sep !== '/' ? displayPath(file, cwd) : `${rel}/${path.nameOf(file)}`);
  }
  const files = [...found].sort((a, b) => compareStrings(shown.get(a)!, shown.get(b)!));
  return { files, errors, links, shown };
}

/**
 * Expand a glob relative to `cwd`. `*` and `?` stay within one path segment,
 * `**` spans any number of segments. Only files are returned; `node_modules`
 * and `.git` are skipped unless the pattern names them.
 */
export function expandGlob(pattern: string, cwd: string, links?: Set<string>): string[] {
  const normalized = process.platform === 'win32' ? pattern.replace(/\\/g, '/') : pattern;
  const segments = normalized.split('/');
  // The literal prefix is where the walk starts; the rest is matched.
  let firstWild = segments.findIndex((s) => isGlobPattern(s));
  if (firstWild < 0) firstWild = segments.length;
  const baseSegments = segments.slice(0, firstWild);
  const base = path.resolve(cwd, baseSegments.length === 0 ? '.' : baseSegments.join('/') || '/');
  const matcher = globToRegExp(segments.slice(firstWild).join('/'));
  const namesSkipped = [...SKIPPED_DIRECTORIES].filter((d) => !segments.includes(d));
  const out: string[] = [];
  if (!statOrUndefined(base)?.isDirectory()) return out;
  walk(
    base,
    (file, isLink) => {
      const rel = path.relative(base, file).split(path.sep).join('/');
      if (!matcher.test(rel)) return;
      out.push(file);
      if (isLink) links?.add(file);
    },
    new Set(namesSkipped),
  );
  return out.sort(compareStrings);
}

/** Compile the wildcard part of a glob (already relative to its base) to an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  return coreGlobToRegExp(glob, CASE_INSENSITIVE_PATHS);
}

/** Whether this platform's usual file systems ignore case in names (macOS, Windows). */
export const CASE_INSENSITIVE_PATHS = process.platform === 'win32' || process.platform === 'darwin';

/** `onFile` learns from the listing whether the file is a symbolic link (to a file: links to folders are not followed). */
function walk(dir: string, onFile: (file: string, isLink: boolean) => void, skip: ReadonlySet<string> = SKIPPED_DIRECTORIES): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // An unreadable subfolder is not worth failing the whole run over.
  }
  entries.sort((a, b) => compareStrings(a.name, b.name));
  const normal = path.isNormalFolder(dir);
  for (const e of entries) {
    const full = path.childPath(dir, e.name, normal);
    if (e.isDirectory()) {
      if (!skip.has(e.name)) walk(full, onFile, skip);
    } else if (e.isFile()) {
      onFile(full, false);
    } else if (e.isSymbolicLink() && statOrUndefined(full)?.isFile()) {
      // Follow links to files only: following folder links risks cycles.
      onFile(full, true);
    }
  }
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

/** Code-unit order, not locale order, so output is the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
