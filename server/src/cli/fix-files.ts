import {
  applyFixes,
  checkText,
  codeInfo,
  isSecretKeyPath,
  type CheckResult,
  type DeploymentInput,
  type DeploymentOptions,
  type FixChange,
  type Problem,
} from '../core';
import { errnoText } from '../node/errno';
import { escapeControl, quoteValue } from './escape';
import { ChangedOnDiskError, writeFileAtomic, type FileSnapshot } from './write-file';

/** `--fix` re-checks after each round of fixes; fixes that overlapped wait for the next round. */
const MAX_FIX_PASSES = 5;

/** A file `--fix` may rewrite: where it is and what it was when read. */
export interface FixTarget {
  /** The real file (links resolved): a link is never replaced by a copy. */
  file: string;
  snapshot: FileSnapshot;
  /** Why this file must not be written (a link leaving the named paths); its fixes are only reported. */
  noWrite?: string;
}

export interface FixRun {
  /** Files whose fixes could not be written (full disk, no permission, changed on disk meanwhile). */
  notWritten: number;
}

/** Problems of the syntax group that are errors: a fix must never add one. */
function syntaxErrors(problems: readonly Problem[]): number {
  return problems.filter((p) => p.severity === 'error' && codeInfo(p.code)?.group === 'syntax').length;
}

/**
 * `--fix`: apply the safe fixes of every file in memory, check again (fixes
 * that overlapped an applied one wait for the next pass) until nothing
 * changes, then write each changed file once, atomically, if it is still what
 * was read. Signed files and files that are not UTF-8 are never rewritten, and
 * a round of fixes that would add an XML error is refused for that file. A
 * file that could not be written keeps its bytes in `inputs`, so the report
 * that follows is about what is on disk.
 */
export function fixFiles(
  inputs: DeploymentInput[],
  targets: ReadonlyMap<string, FixTarget>,
  check: (inputs: DeploymentInput[]) => CheckResult[],
  options: DeploymentOptions,
  say: (message: string) => void,
): FixRun {
  const changes = new Map<string, FixChange[]>();
  const original = new Map<string, Uint8Array>();
  const refused = new Set<string>();
  const byId = new Map(inputs.map((input) => [input.documentId, input]));
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    let changed = false;
    for (const result of check(inputs)) {
      const input = byId.get(result.documentId);
      if (!input?.bytes || !targets.has(result.documentId) || result.signed || refused.has(result.documentId)) continue;
      const outcome = applyFixes(result.text, result.problems, result.documentId);
      if (outcome.applied === 0 || outcome.text === result.text) continue;
      const bytes = encodeLike(input.bytes, outcome.text);
      if (!bytes) {
        say(`${escapeControl(result.documentId)}: not fixed: only valid UTF-8 files are rewritten`);
        refused.add(result.documentId);
        continue;
      }
      const after = checkText(outcome.text, { documentId: result.documentId, fileName: input.fileName, ...options });
      if (syntaxErrors(after.problems) > syntaxErrors(result.problems)) {
        say(`${escapeControl(result.documentId)}: not fixed: the fixes together would break the XML; fix it by hand`);
        refused.add(result.documentId);
        continue;
      }
      if (!original.has(result.documentId)) original.set(result.documentId, input.bytes);
      input.bytes = bytes;
      changes.set(result.documentId, [...(changes.get(result.documentId) ?? []), ...outcome.changes]);
      changed = true;
    }
    if (!changed) break;
  }

  let notWritten = 0;
  for (const [documentId, list] of changes) {
    const input = byId.get(documentId);
    const target = targets.get(documentId);
    if (!input?.bytes || !target) continue;
    const shown = escapeControl(documentId);
    if (target.noWrite) {
      input.bytes = original.get(documentId);
      say(`${shown}: not fixed: ${target.noWrite}`);
      continue;
    }
    try {
      writeFileAtomic(target.file, input.bytes, target.snapshot);
    } catch (e) {
      notWritten++;
      input.bytes = original.get(documentId);
      const why =
        e instanceof ChangedOnDiskError ? 'it changed on disk since it was read; run --fix again' : `cannot write it (${errnoText(e)}); the file is unchanged`;
      say(`${shown}: not fixed: ${why}`);
      continue;
    }
    say(`fixed ${list.length} problem${list.length === 1 ? '' : 's'} in ${shown}:`);
    for (const line of describeChanges(list)) say(`  ${line}`);
  }
  return { notWritten };
}

/** One line per edit of each fix: code, key path, old → new (control characters escaped, long values shortened). */
export function describeChanges(changes: readonly FixChange[]): string[] {
  const lines: string[] = [];
  for (const c of changes) {
    const where = `${c.code}${c.keyPath !== undefined ? ` ${escapeControl(c.keyPath)}` : ''}`;
    if (c.edits.length === 0) lines.push(`${where}: ${escapeControl(c.title)}`);
    if (isSecretKeyPath(c.keyPath)) {
      // The value of a secret is never printed, not even the one being replaced.
      lines.push(`${where}: ${escapeControl(c.title)} (secret value not shown)`);
      continue;
    }
    for (const e of c.edits) {
      // Text inserted or removed is shown without the blank space around it, unless blank space is all it is.
      const shown = (t: string) => quoteValue(t.trim() === '' ? t : t.trim());
      const what = e.old === '' ? `inserted ${shown(e.new)}` : e.new === '' ? `removed ${shown(e.old)}` : `${quoteValue(e.old)} → ${quoteValue(e.new)}`;
      lines.push(`${where}: ${what}`);
    }
  }
  return lines;
}

/** The fixed text in the file's own encoding: UTF-8, keeping a byte order mark if it had one. */
function encodeLike(original: Uint8Array, text: string): Uint8Array | undefined {
  if ((original[0] === 0xfe && original[1] === 0xff) || (original[0] === 0xff && original[1] === 0xfe)) return undefined;
  // UTF-16 without a byte order mark is valid UTF-8 byte by byte (NULs included): never rewrite it as UTF-8.
  if (original.subarray(0, 64).includes(0)) return undefined;
  try {
    // Bytes that were not UTF-8 were shown as U+FFFD; writing them back would lose them.
    new TextDecoder('utf-8', { fatal: true }).decode(original);
  } catch {
    return undefined;
  }
  const bom = original[0] === 0xef && original[1] === 0xbb && original[2] === 0xbf;
  const body = Buffer.from(text, 'utf8');
  return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}
