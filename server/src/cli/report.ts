import * as path from '../node/path';
import { writeFileSync } from 'node:fs';
import type { LineIndex, Problem, Range, SignedProfileInfo } from '../core';
import { errnoText } from '../node/errno';
import { makeFolder } from '../node/make-folder';

/** One checked file as the formatters see it. */
export interface CheckedFile {
  /** Path relative to the cwd with forward slashes (also the core's documentId). */
  path: string;
  lineIndex: LineIndex;
  /** Sorted by position, then code. Already filtered by --quiet. */
  problems: Problem[];
  /** For a CMS-signed file: who signed it; positions are in the embedded XML. */
  signed?: SignedProfileInfo;
}

/** Counts for the files of one deployment folder (stylish prints them after the problems). */
export interface DeploymentSummary extends Summary {
  folder: string;
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  /** Infos and hints together: both are advice, never a failure. */
  infos: number;
}

export interface Report {
  files: CheckedFile[];
  summary: Summary;
  /** Per deployment folder, when the run grouped files by folder into more than one deployment. */
  deployments?: DeploymentSummary[];
}

export function summarize(files: readonly CheckedFile[]): Summary {
  const summary: Summary = { files: files.length, errors: 0, warnings: 0, infos: 0 };
  for (const f of files) {
    for (const p of f.problems) {
      if (p.severity === 'error') summary.errors++;
      else if (p.severity === 'warning') summary.warnings++;
      else summary.infos++;
    }
  }
  return summary;
}

/**
 * Resolve a span in another document (a related location) to a range, when
 * that document was checked in this run; undefined otherwise.
 */
export function rangeIn(files: ReadonlyMap<string, CheckedFile>, documentId: string, span: { start: number; end: number }): Range | undefined {
  return files.get(documentId)?.lineIndex.rangeOf(span);
}

/** Write a report to `--output` (creating folders) or to stdout; false when the file cannot be written. */
export function writeReport(
  io: { cwd: string; stdout: { write(s: string): unknown } },
  outputPath: string | undefined,
  output: string,
  fail: (message: string) => void,
): boolean {
  if (outputPath === undefined) {
    try {
      io.stdout.write(output);
      return true;
    } catch (e) {
      // A full disk behind `> file`, a device that refuses writes: said once, as for --output, not a stack trace.
      fail(`cannot write the report to standard output: ${errnoText(e)}`);
      return false;
    }
  }
  const target = path.resolve(io.cwd, outputPath);
  try {
    makeFolder(path.dirname(target));
    writeFileSync(target, output);
    return true;
  } catch (e) {
    fail(`cannot write ${outputPath}: ${errnoText(e)}`);
    return false;
  }
}
