import { formatCheckstyle } from './format-checkstyle';
import { formatGithub } from './format-github';
import { formatGitlab } from './format-gitlab';
import { formatJson } from './format-json';
import { formatJunit } from './format-junit';
import { formatRdjson } from './format-rdjson';
import { formatSarif } from './format-sarif';
import { formatStylish } from './format-stylish';
import type { Report } from './report';

/** What a formatter may know besides the report. */
export interface FormatContext {
  /** The tool's version (SARIF names it). */
  toolVersion: string;
  /** Absolute; paths in the report are relative to it. */
  cwd: string;
  /** Problems with the run itself (missing paths, unreadable files), already written to stderr. */
  inputErrors: readonly string[];
  /** Whether ANSI colours may be used (a terminal, no NO_COLOR, no --output). */
  color: boolean;
  /** With --quiet: the warnings left out of the report, and whether they exceed --max-warnings. */
  quiet?: { hiddenWarnings: number; overLimit: boolean };
}

/** One output format of `check`: the whole report in, the whole output out. */
export type Formatter = (report: Report, context: FormatContext) => string;

/**
 * `--format` names → formatters; the first is the default. A new format is one
 * `format-<name>.ts` file exporting a `Formatter` and one line here.
 */
export const CHECK_FORMATS: Readonly<Record<string, Formatter>> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
  rdjson: formatRdjson,
  gitlab: formatGitlab,
  checkstyle: formatCheckstyle,
};

export const DEFAULT_CHECK_FORMAT = Object.keys(CHECK_FORMATS)[0];
