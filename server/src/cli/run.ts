import * as fs from 'fs';
import * as path from 'path';
import {
  applyFixes,
  checkRun,
  checkText,
  codeInfo,
  looksSigned,
  parsePemCertificates,
  verifySignedProfile,
  type DeploymentInput,
  type DeploymentOptions,
  type Problem,
  type SeveritySetting,
} from '../core';
import { ConfigError, loadCliConfig } from '../node/config';
import { discoverFiles, displayPath, profilesInFolder } from '../node/discover';
import { canonicalCode, parseArgs, UsageError, type CheckArgs } from './args';
import { formatGithub } from './format-github';
import { formatJson } from './format-json';
import { formatJunit } from './format-junit';
import { formatSarif } from './format-sarif';
import { formatStylish } from './format-stylish';
import { sortProblems, summarize, writeReport, type CheckedFile, type DeploymentSummary } from './report';
import { HELP_TEXT } from './help';

/** Exit codes, documented in --help and docs/cli.md. */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** `--fix` re-checks after each round of fixes; fixes that overlapped wait for the next round. */
const MAX_FIX_PASSES = 5;

export interface CliStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** Everything the CLI touches outside the file system, so it can run in-process or as a real process. */
export interface CliEnvironment {
  argv: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: CliStream;
  stderr: CliStream;
  readStdin(): Promise<Uint8Array>;
  toolVersion: string;
}

export async function runCli(io: CliEnvironment): Promise<number> {
  const fail = (message: string) => io.stderr.write(`dps-profiles: ${message}\n`);
  let args;
  try {
    args = parseArgs(io.argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    fail(e.message);
    io.stderr.write('Run `dps-profiles --help` for usage.\n');
    return EXIT_USAGE;
  }
  if (args.command === 'help') {
    io.stdout.write(HELP_TEXT);
    return EXIT_OK;
  }
  if (args.command === 'version') {
    io.stdout.write(`${io.toolVersion}\n`);
    return EXIT_OK;
  }
  return runCheck(args, io, fail);
}

async function runCheck(args: CheckArgs, io: CliEnvironment, fail: (m: string) => void): Promise<number> {
  // Settings: the config file first, CLI flags on top.
  let severity: Record<string, SeveritySetting> = {};
  let preferenceDomainFiles: Record<string, string> = {};
  let targetMacOS: string | undefined;
  try {
    const loaded = loadCliConfig(io.cwd, args.config, (f) => displayPath(f, io.cwd), fail);
    if (loaded) {
      const shown = loaded.shown;
      // Keys by canonical code, so a CLI flag by name still overrides the file's entry by code.
      for (const [key, level] of Object.entries(loaded.settings.severity)) {
        const code = canonicalCode(key);
        if (code) severity[code] = level;
        else fail(`${shown}: unknown code or name "${key}" in "severity" is ignored`);
      }
      preferenceDomainFiles = { ...loaded.settings.preferenceDomainFiles };
      targetMacOS = loaded.settings.targetMacOS;
    }
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    fail(e.message);
    return EXIT_USAGE;
  }
  severity = { ...severity, ...args.severity };
  if (args.targetMacOS !== undefined) targetMacOS = args.targetMacOS;

  let trustAnchors: Uint8Array[] | undefined;
  if (args.trustAnchors !== undefined) {
    try {
      trustAnchors = parsePemCertificates(fs.readFileSync(path.resolve(io.cwd, args.trustAnchors), 'utf8'));
    } catch (e) {
      fail(`cannot read --trust-anchors ${args.trustAnchors}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return EXIT_USAGE;
    }
    if (trustAnchors.length === 0) {
      fail(`--trust-anchors ${args.trustAnchors}: no "-----BEGIN CERTIFICATE-----" block found`);
      return EXIT_USAGE;
    }
  }

  const options: DeploymentOptions = { severities: severity, preferenceDomainFiles, targetMacOS };
  const inputErrors: string[] = [];
  const inputs: DeploymentInput[] = [];
  /** documentId → absolute path, for --fix. */
  const filesById = new Map<string, string>();
  /** Sibling profiles read only as deployment context (`--folder-context`): checked with the others, not reported. */
  let contextIds = new Set<string>();

  if (args.stdin) {
    let bytes: Uint8Array;
    try {
      bytes = await io.readStdin();
    } catch (e) {
      fail(`cannot read standard input: ${(e as Error).message}`);
      return EXIT_USAGE;
    }
    inputs.push({ documentId: args.stdinFilename.split(path.sep).join('/'), fileName: path.basename(args.stdinFilename), bytes });
  } else {
    const discovered = discoverFiles(args.inputs, io.cwd, preferenceDomainFiles);
    inputErrors.push(...discovered.errors);
    for (const file of discovered.files) {
      try {
        inputs.push({ documentId: displayPath(file, io.cwd), fileName: path.basename(file), bytes: fs.readFileSync(file) });
        filesById.set(displayPath(file, io.cwd), file);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        inputErrors.push(`${displayPath(file, io.cwd)}: cannot read (${err.code ?? err.message})`);
      }
    }
    if (args.folderContext) contextIds = addFolderContext(discovered.files, inputs, io.cwd, preferenceDomainFiles);
  }

  // Signatures are checked once, up front: WebCrypto is async, the core's check is not.
  for (const input of inputs) {
    if (input.bytes && looksSigned(input.bytes)) input.signature = await verifySignedProfile(input.bytes, { trustAnchors });
  }

  if (args.fix) fixFiles(inputs, filesById, args, options, fail);

  // The profiles of one folder are deployed together (one deployment) by default; --deployment puts every
  // input in one deployment, --per-file checks each file alone. Collisions across deployments come with it.
  const { results } = checkRun(inputs, { ...options, grouping: args.grouping, onError: internalError(inputErrors) });

  if (contextIds.size > 0) {
    const reported = results.filter((r) => !contextIds.has(r.documentId));
    results.length = 0;
    results.push(...reported);
  }
  // Report in input order (sorted paths), whatever the grouping.
  const order = new Map(inputs.map((input, i) => [input.documentId, i]));
  results.sort((a, b) => (order.get(a.documentId) ?? 0) - (order.get(b.documentId) ?? 0));
  let warningsBeforeQuiet = 0;
  const checked: CheckedFile[] = results.map((result) => {
    warningsBeforeQuiet += result.problems.filter((p) => p.severity === 'warning').length;
    const problems = args.quiet ? result.problems.filter((p) => p.severity === 'error') : result.problems;
    return { path: result.documentId, lineIndex: result.lineIndex, problems: sortProblems(problems), ...(result.signed ? { signed: result.signed } : {}) };
  });
  for (const message of inputErrors) fail(message);

  const report = { files: checked, summary: summarize(checked), deployments: args.grouping === 'folder' ? summarizeDeployments(checked) : undefined };
  let output: string;
  if (args.format === 'json') output = formatJson(report);
  else if (args.format === 'sarif') output = formatSarif(report, { toolVersion: io.toolVersion, cwd: io.cwd, notifications: inputErrors });
  else if (args.format === 'junit') output = formatJunit(report, inputErrors);
  else if (args.format === 'github') output = formatGithub(report, inputErrors);
  else output = formatStylish(report, args.output === undefined && useColor(args, io));

  if (!writeReport(io, args.output, output, fail)) return EXIT_USAGE;

  const tooManyWarnings = warningsBeforeQuiet > args.maxWarnings;
  if (tooManyWarnings) fail(`${warningsBeforeQuiet} warnings exceed --max-warnings ${args.maxWarnings}`);
  if (inputErrors.length > 0) return EXIT_USAGE;
  return report.summary.errors > 0 || tooManyWarnings ? EXIT_PROBLEMS : EXIT_OK;
}

/** Colour only for a terminal, and never when NO_COLOR is set (no-color.org) or --no-color given. */
function useColor(args: CheckArgs, io: CliEnvironment): boolean {
  if (!args.color) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.TERM === 'dumb') return false;
  return io.stdout.isTTY === true;
}

/** A crash must not hide the results for the other files: it becomes an input error. */
function internalError(inputErrors: string[]): (documentIds: string[], error: unknown) => void {
  return (documentIds, error) => inputErrors.push(`${documentIds.join(', ')}: internal error while checking: ${(error as Error).stack ?? String(error)}`);
}

function summarizeDeployments(files: readonly CheckedFile[]): DeploymentSummary[] {
  const byFolder = new Map<string, CheckedFile[]>();
  for (const f of files) {
    const folder = path.posix.dirname(f.path);
    const list = byFolder.get(folder);
    if (list) list.push(f);
    else byFolder.set(folder, [f]);
  }
  return [...byFolder].map(([folder, list]) => ({ folder, ...summarize(list) }));
}

/** Problems of the syntax group that are errors: a fix must never add one. */
function syntaxErrors(problems: readonly Problem[]): number {
  return problems.filter((p) => p.severity === 'error' && codeInfo(p.code)?.group === 'syntax').length;
}

/**
 * `--fix`: apply the safe fixes of every file and write it back, then check
 * again (fixes that overlapped an applied one wait for the next pass) until
 * nothing changes. Signed files and UTF-16 files are never rewritten, and a
 * round of fixes that would add an XML error is refused for that file.
 */
function fixFiles(
  inputs: DeploymentInput[],
  filesById: ReadonlyMap<string, string>,
  args: CheckArgs,
  options: DeploymentOptions,
  fail: (m: string) => void,
): void {
  const fixed = new Map<string, number>();
  const refused = new Set<string>();
  const byId = new Map(inputs.map((input) => [input.documentId, input]));
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    let changed = false;
    for (const result of checkRun(inputs, { ...options, grouping: args.grouping, acrossDeployments: false, onError: internalError([]) }).results) {
      const input = byId.get(result.documentId);
      const file = filesById.get(result.documentId);
      if (!input?.bytes || !file || result.signed || refused.has(result.documentId)) continue;
      const outcome = applyFixes(result.text, result.problems, result.documentId);
      if (outcome.applied === 0 || outcome.text === result.text) continue;
      const bytes = encodeLike(input.bytes, outcome.text);
      if (!bytes) {
        fail(`${result.documentId}: not fixed: only valid UTF-8 files are rewritten`);
        refused.add(result.documentId);
        continue;
      }
      const after = checkText(outcome.text, { documentId: result.documentId, fileName: input.fileName, ...options });
      if (syntaxErrors(after.problems) > syntaxErrors(result.problems)) {
        fail(`${result.documentId}: not fixed: the fixes together would break the XML; fix it by hand`);
        refused.add(result.documentId);
        continue;
      }
      try {
        fs.writeFileSync(file, bytes);
      } catch (e) {
        fail(`${result.documentId}: cannot write the fixes: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        refused.add(result.documentId);
        continue;
      }
      input.bytes = bytes;
      fixed.set(result.documentId, (fixed.get(result.documentId) ?? 0) + outcome.applied);
      changed = true;
    }
    if (!changed) break;
  }
  for (const [documentId, count] of fixed) fail(`fixed ${count} problem${count === 1 ? '' : 's'} in ${documentId}`);
}

/** The fixed text in the file's own encoding: UTF-8, keeping a byte order mark if it had one. */
function encodeLike(original: Uint8Array, text: string): Uint8Array | undefined {
  if ((original[0] === 0xfe && original[1] === 0xff) || (original[0] === 0xff && original[1] === 0xfe)) return undefined;
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

/**
 * `--folder-context` (used by the pre-commit hooks, which pass only the staged
 * files): the other profiles in the folders of the named files join their
 * deployments, so cross-file rules see the whole folder; only the named files are reported.
 */
function addFolderContext(files: readonly string[], inputs: DeploymentInput[], cwd: string, preferenceDomainFiles: Readonly<Record<string, string>>): Set<string> {
  const named = new Set(files);
  const context = new Set<string>();
  for (const folder of new Set(files.map((f) => path.dirname(f)))) {
    for (const file of profilesInFolder(folder, preferenceDomainFiles)) {
      if (named.has(file)) continue;
      try {
        const documentId = displayPath(file, cwd);
        inputs.push({ documentId, fileName: path.basename(file), bytes: fs.readFileSync(file) });
        context.add(documentId);
      } catch {
        // An unreadable sibling is only missing context; the named files are still checked.
      }
    }
  }
  return context;
}
