import { existsSync, statSync } from 'fs';
import * as path from '../node/path';
import {
  checkRun,
  folderOfId,
  groupInputs,
  looksSigned,
  parsePemBundle,
  verifySignedProfile,
  applySeverities,
  compareProblems,
  countWarnings,
  unusedDirectiveProblems,
  type CheckResult,
  type DeploymentInput,
  type DeploymentOptions,
  type SeveritySetting,
} from '../core';
import { discoverFiles, displayPath, profilesInFolder } from '../node/discover';
import { errnoText } from '../node/errno';
import { applyOverride, overrideFor } from '../node/overrides';
import { applyBaseline, DEFAULT_BASELINE, readBaseline, writeBaseline } from './baseline';
import { parseCheckOptions } from './args';
import { readCliSettings } from './settings';
import { CONFIG_OPTION, hasFlag, lastValue, OUTPUT_OPTION, VERBOSE_OPTION, UsageError, type CliEnvironment, type Command, type ParsedOptions } from './command';
import { EXIT_NOT_WRITTEN, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from './exit-codes';
import { fixFiles, type FixTarget } from './fix-files';
import { snapshot } from './write-file';
import { resolveLinks } from './links';
import { LIMITS, readRegularFile } from '../node/read-file';
import { AsciiTexts } from '../node/ascii-text';
import { CHECK_FORMATS, DEFAULT_CHECK_FORMAT } from './formats';
import { summarize, writeReport, type CheckedFile, type DeploymentSummary } from './report';

/** Parsed `dps-profiles check` options. */
export interface CheckArgs {
  inputs: string[];
  /** A key of CHECK_FORMATS. */
  format: string;
  output?: string;
  maxWarnings: number;
  /** Canonical code → severity, from `--severity`, in the order given. */
  severity: Record<string, SeveritySetting>;
  config?: string;
  targetMacOS?: string;
  stdin: boolean;
  stdinFilename: string;
  quiet: boolean;
  color: boolean;
  /** How files are grouped into deployments: by folder (default), all together, or each alone. */
  grouping: 'folder' | 'all' | 'file';
  /** Apply safe fixes and write the files back (`--fix`). */
  fix: boolean;
  /** Read the other profiles of each named file's folder as deployment context, without reporting them. */
  folderContext: boolean;
  /** PEM file of certificates a signed profile's chain must lead to. */
  trustAnchors?: string;
  /** Say which settings file was used. */
  verbose: boolean;
  /** Report `dps-profiles-disable...` comments that silenced nothing (DPS010). */
  reportUnusedDirectives: boolean;
  /** `--baseline <file>`: findings to leave out (and `--write-baseline`: write them first). */
  baseline?: string;
  writeBaseline: boolean;
  /** `--report-file <format>=<file>`: more reports of the same run, written to files. */
  reportFiles: { format: string; file: string }[];
  /** Let --fix write through links that leave the named paths. */
  followSymlinks: boolean;
}

export const checkCommand: Command<CheckArgs> = {
  name: 'check',
  summary: 'Check profiles and report their problems (the default command)',
  usage: ['dps-profiles check <files|folders|globs>... [options]', 'dps-profiles check --stdin [--stdin-filename <name>] [options]'],
  description: `Check Apple configuration profiles (.mobileconfig) and Okta Verify preference
plists for Okta Desktop Password Sync / Platform SSO.

Folders are searched recursively for *.mobileconfig, com.okta.mobile.plist,
com.okta.mobile.auth-service-extension.plist and the file names listed in the
config's "preferenceDomainFiles" (node_modules and .git are skipped). Quote
globs to let dps-profiles expand them: *, ** and ? are supported.

CMS-signed profiles are checked too: positions refer to the embedded XML, and
the report says who signed them and whether the signature verifies.
Identifier, PayloadUUID and SSO URL collisions are checked across all files.`,
  options: [
    {
      name: '--format',
      alias: '-f',
      value: '<name>',
      choices: Object.keys(CHECK_FORMATS),
      help: `Output format: ${Object.keys(CHECK_FORMATS).join(', ')}\n(default: ${DEFAULT_CHECK_FORMAT})`,
    },
    OUTPUT_OPTION,
    {
      name: '--report-file',
      value: '<format>=<file>',
      needs: 'a format and a file name',
      help: 'Also write the report in that format to that file,\nfrom the same run; repeatable (e.g. sarif=out.sarif)',
    },
    { name: '--max-warnings', value: '<n>', help: 'Exit 1 when there are more than n warnings' },
    {
      name: '--severity',
      value: '<CODE=level>',
      help: "Override a code's severity; repeatable. CODE is a\ncode (DPS302) or its name (unknown-key); level is\nerror, warning, info, hint or off",
    },
    CONFIG_OPTION,
    VERBOSE_OPTION,
    { name: '--target-macos', value: '<version>', help: 'The macOS version you deploy to, e.g. 14.5' },
    {
      name: '--deployment',
      help: 'Check all inputs as one deployment. By default the\nfiles of each folder form one deployment, so rules\nthat span files (e.g. a URL claimed twice) see them',
    },
    { name: '--per-file', help: 'Check each file on its own' },
    { name: '--fix', help: 'Apply the safe fixes and write the files back,\nthen report what remains' },
    { name: '--follow-symlinks', help: 'Let --fix write through symbolic links that lead\noutside the paths you named' },
    {
      name: '--folder-context',
      help: 'Check the named files together with the other\nprofiles of their folders, reporting only the\nnamed files (for pre-commit, which passes only\nthe staged files)',
    },
    {
      name: '--trust-anchors',
      value: '<file.pem>',
      needs: 'a PEM file',
      help: "Also verify that signed profiles chain to these\ncertificates (without it only the signature's\nintegrity is checked, never trust)",
    },
    {
      name: '--baseline',
      value: '<file>',
      needs: 'a file name',
      help: 'Leave out the findings recorded in this baseline\n(report and exit code count only new ones)',
    },
    {
      name: '--write-baseline',
      help: `Record every current finding in the --baseline file\n(default: ${DEFAULT_BASELINE}), then report as with it`,
    },
    {
      name: '--report-unused-disable-directives',
      help: 'Report dps-profiles-disable comments that\nsilence nothing (DPS010)',
    },
    { name: '--stdin', help: 'Read one document from standard input' },
    { name: '--stdin-filename', value: '<name>', needs: 'a name', help: 'The name to report it under (default: <stdin>)' },
    { name: '--quiet', alias: '-q', help: 'Report errors only' },
    { name: '--no-color', help: 'No colours (also: NO_COLOR set, or not a terminal)' },
  ],
  exitCodes: {
    [EXIT_OK]: 'no errors, and no more warnings than --max-warnings',
    [EXIT_PROBLEMS]: 'errors found, or more warnings than --max-warnings',
    [EXIT_USAGE]:
      'usage error, or an input that could not be read (missing path, unreadable\nfile, folder or glob without profiles); the other inputs are still checked;\nor the report could not be written',
    [EXIT_NOT_WRITTEN]: '--fix could not write a file (full disk, no permission, or it changed\non disk meanwhile); that file is left as it was',
  },
  parse: parseCheckArgs,
  run: runCheck,
};

export function parseCheckArgs(parsed: ParsedOptions): CheckArgs {
  const args: CheckArgs = {
    inputs: parsed.positionals,
    format: lastValue(parsed, '--format') ?? DEFAULT_CHECK_FORMAT,
    output: lastValue(parsed, '--output'),
    maxWarnings: Number.POSITIVE_INFINITY,
    ...parseCheckOptions(parsed),
    config: lastValue(parsed, '--config'),
    trustAnchors: lastValue(parsed, '--trust-anchors'),
    stdin: hasFlag(parsed, '--stdin'),
    stdinFilename: lastValue(parsed, '--stdin-filename') ?? '<stdin>',
    quiet: hasFlag(parsed, '--quiet'),
    color: !hasFlag(parsed, '--no-color'),
    fix: hasFlag(parsed, '--fix'),
    folderContext: hasFlag(parsed, '--folder-context'),
    verbose: hasFlag(parsed, '--verbose'),
    reportUnusedDirectives: hasFlag(parsed, '--report-unused-disable-directives'),
    reportFiles: (parsed.given.get('--report-file') ?? []).map(parseReportFile),
    baseline: lastValue(parsed, '--baseline'),
    writeBaseline: hasFlag(parsed, '--write-baseline'),
    followSymlinks: hasFlag(parsed, '--follow-symlinks'),
  };
  const maxWarnings = lastValue(parsed, '--max-warnings');
  if (maxWarnings !== undefined) {
    if (!/^\d+$/.test(maxWarnings)) throw new UsageError(`--max-warnings must be a whole number ≥ 0 (got "${maxWarnings}")`);
    args.maxWarnings = Number(maxWarnings);
  }
  if (args.stdin && args.inputs.length > 0) throw new UsageError('--stdin reads one document from standard input; do not also name files');
  if (!args.stdin && hasFlag(parsed, '--stdin-filename')) throw new UsageError('--stdin-filename only makes sense with --stdin');
  if (args.stdin && args.fix) throw new UsageError('--fix writes files back; it cannot be used with --stdin');
  if (!args.stdin && args.inputs.length === 0) throw new UsageError('name at least one file, folder or glob to check (or use --stdin)');
  return args;
}
function parseReportFile(value: string): { format: string; file: string } {
  const eq = value.indexOf('=');
  const format = eq < 0 ? value : value.slice(0, eq);
  const file = eq < 0 ? '' : value.slice(eq + 1);
  if (!Object.hasOwn(CHECK_FORMATS, format))
    throw new UsageError(`--report-file: the format must be one of ${Object.keys(CHECK_FORMATS).join(', ')} (got "${format}")`);
  if (file === '') throw new UsageError(`--report-file ${format}= needs a file name, e.g. --report-file ${format}=report.${format}`);
  return { format, file };
}

async function runCheck(args: CheckArgs, io: CliEnvironment, fail: (m: string) => void): Promise<number> {
  // Settings: the config file first, CLI flags on top.
  const settings = readCliSettings(io, args.config, fail, args.verbose ? fail : undefined);
  if (!settings) return EXIT_USAGE;
  const { preferenceDomainFiles } = settings;
  const severity = { ...settings.severity, ...args.severity };
  const targetMacOS = args.targetMacOS ?? settings.targetMacOS;

  let trustAnchors: Uint8Array[] | undefined;
  if (args.trustAnchors !== undefined) {
    let pem: string;
    try {
      pem = readRegularFile(path.resolve(io.cwd, args.trustAnchors), LIMITS.trustAnchorBytes).bytes.toString('utf8');
    } catch (e) {
      fail(`cannot read --trust-anchors ${args.trustAnchors}: ${errnoText(e)}`);
      return EXIT_USAGE;
    }
    // A damaged block is reported and skipped; the good ones are still anchors.
    const bundle = parsePemBundle(pem);
    for (const problem of bundle.problems) fail(`--trust-anchors ${args.trustAnchors}: ${problem}; it is ignored`);
    trustAnchors = bundle.certificates;
    if (trustAnchors.length === 0) {
      fail(`--trust-anchors ${args.trustAnchors}: no "-----BEGIN CERTIFICATE-----" block found that holds a readable certificate`);
      return EXIT_USAGE;
    }
  }

  // --deployment says the inputs are the whole deployment: a Device Access certificate not among them is missing.
  const deviceAccessScep = settings.deviceAccessScep ?? (args.grouping === 'all' ? 'included' : undefined);
  const options: DeploymentOptions = { severities: severity, preferenceDomainFiles, targetMacOS, deviceAccessScep, wholeDeployment: args.grouping === 'all' };
  const inputErrors: string[] = [];
  const inputs: DeploymentInput[] = [];
  /** documentId → the file and what it was when read, for --fix. */
  const fixTargets = new Map<string, FixTarget>();
  /** Sibling profiles read only as deployment context (`--folder-context`): checked with the others, not reported. */
  let contextIds = new Set<string>();

  if (args.stdin) {
    let bytes: Uint8Array;
    try {
      bytes = await io.readStdin();
    } catch (e) {
      fail(`cannot read standard input: ${errnoText(e)}`);
      return EXIT_USAGE;
    }
    inputs.push({ documentId: args.stdinFilename.split(path.sep).join('/'), fileName: path.basename(args.stdinFilename), bytes });
  } else {
    const discovered = discoverFiles(args.inputs, io.cwd, preferenceDomainFiles);
    inputErrors.push(...discovered.errors);
    const resolved = resolveLinks(discovered.files, discovered.links, args.inputs, io.cwd, args.followSymlinks, args.fix);
    if (args.verbose)
      for (const file of resolved.duplicates) fail(`${displayPath(file, io.cwd)}: the same file as another input (a symbolic link); checked once`);
    const texts = new AsciiTexts();
    for (const { file, real, noWrite } of resolved.files) {
      const documentId = discovered.shown.get(file) ?? displayPath(file, io.cwd);
      try {
        const { bytes, stat } = readRegularFile(file, LIMITS.profileBytes, args.fix ? undefined : texts.allocate);
        // Plain ASCII is read here, faster than the core's decoding and to the same text; --fix keeps the bytes.
        const input: DeploymentInput = { documentId, fileName: path.nameOf(file) };
        if (args.fix) input.bytes = bytes;
        else {
          const taken = texts.take(bytes, (text) => (input.text = text));
          if (!taken.text) input.bytes = taken.bytes;
        }
        inputs.push(input);
        // What the file was when read (its hash included) matters only to --fix, which must not overwrite a newer edit.
        if (args.fix) fixTargets.set(documentId, { file: real, snapshot: snapshot(stat, bytes), ...(noWrite ? { noWrite } : {}) });
      } catch (e) {
        inputErrors.push(`${documentId}: cannot read (${errnoText(e)})`);
      }
    }
    texts.flush();
    if (args.folderContext)
      contextIds = addFolderContext(
        resolved.files.map((f) => f.file),
        inputs,
        io.cwd,
        preferenceDomainFiles,
      );
  }

  // A report or baseline written over a file being read would destroy a profile (a typo in a CI command is enough):
  // the inputs, the folder-context siblings and the file --stdin-filename names.
  const clobbered = outputOverInput(
    args,
    io.cwd,
    inputs.map((input) => path.resolve(io.cwd, input.documentId)),
  );
  if (clobbered) {
    fail(clobbered);
    return EXIT_USAGE;
  }

  // Signatures are checked once, up front: WebCrypto is async, the core's check is not.
  for (const input of inputs) {
    if (input.bytes && looksSigned(input.bytes)) input.signature = await verifySignedProfile(input.bytes, { trustAnchors });
  }

  const check = (all: DeploymentInput[]) => {
    const checked = checkRun(all, { ...options, grouping: args.grouping, acrossDeployments: false, onError: internalError([]) }).results;
    // With --report-unused-disable-directives, --fix also removes the comments that silence nothing.
    if (args.reportUnusedDirectives) for (const result of checked) reportUnusedDirectives(result, severity);
    return checked;
  };
  const fixed = args.fix ? fixFiles(inputs, fixTargets, check, options, fail) : { notWritten: 0 };

  // The profiles of one folder are deployed together (one deployment) by default; --deployment puts every
  // input in one deployment, --per-file checks each file alone. Collisions across deployments come with it.
  const { results } = checkRun(inputs, { ...options, grouping: args.grouping, onError: internalError(inputErrors) });
  if (settings.configDir && settings.overrides.length > 0) {
    for (const result of results)
      result.problems = applyOverride(result.problems, overrideFor(settings.overrides, settings.configDir, path.resolve(io.cwd, result.documentId)));
  }
  if (args.reportUnusedDirectives) for (const result of results) reportUnusedDirectives(result, severity);
  if (args.baseline !== undefined || args.writeBaseline) {
    const file = path.resolve(io.cwd, args.baseline ?? DEFAULT_BASELINE);
    const shown = displayPath(file, io.cwd);
    if (args.writeBaseline) {
      try {
        fail(`wrote ${writeBaseline(file, io.cwd, results)} findings to the baseline ${shown}`);
      } catch (e) {
        fail(`cannot write the baseline ${shown}: ${errnoText(e)}`);
        return EXIT_USAGE;
      }
    }
    const baseline = readBaseline(file);
    if (typeof baseline === 'string') {
      fail(baseline);
      return EXIT_USAGE;
    }
    const { known, stale } = applyBaseline(results, baseline, file, io.cwd);
    if (known > 0 && !args.writeBaseline) fail(`${known} finding${known === 1 ? '' : 's'} of the baseline ${shown} left out`);
    if (stale > 0) fail(`${stale} baseline entr${stale === 1 ? 'y matches' : 'ies match'} nothing any more (fixed?); refresh it with --write-baseline`);
  }

  if (contextIds.size > 0) {
    const reported = results.filter((r) => !contextIds.has(r.documentId));
    results.length = 0;
    for (const result of reported) results.push(result);
  }
  // Report in input order (sorted paths), whatever the grouping.
  const order = new Map(inputs.map((input, i) => [input.documentId, i]));
  results.sort((a, b) => (order.get(a.documentId) ?? 0) - (order.get(b.documentId) ?? 0));
  let warningsBeforeQuiet = 0;
  const checked: CheckedFile[] = results.map((result) => {
    warningsBeforeQuiet += countWarnings(result.problems);
    const problems = args.quiet ? result.problems.filter((p) => p.severity === 'error') : result.problems;
    return { path: result.documentId, lineIndex: result.lineIndex, problems, ...(result.signed ? { signed: result.signed } : {}) };
  });
  for (const message of inputErrors) fail(message);

  const report = { files: checked, summary: summarize(checked), deployments: args.grouping === 'folder' ? summarizeDeployments(checked) : undefined };
  const tooManyWarnings = warningsBeforeQuiet > args.maxWarnings;
  // With --quiet the warnings are not listed, yet count towards --max-warnings: the summary line says so.
  const quiet = args.quiet ? { hiddenWarnings: warningsBeforeQuiet, overLimit: tooManyWarnings } : undefined;
  const output = CHECK_FORMATS[args.format](report, {
    toolVersion: io.toolVersion,
    cwd: io.cwd,
    inputErrors,
    quiet,
    // Asked only by the formats that colour (stylish): finding out whether stdout is a terminal loads node's tty module.
    get color() {
      return args.output === undefined && useColor(args, io);
    },
  });

  if (!writeReport(io, args.output, output, fail)) return EXIT_USAGE;
  for (const extra of args.reportFiles) {
    const text = CHECK_FORMATS[extra.format](report, { toolVersion: io.toolVersion, cwd: io.cwd, inputErrors, quiet, color: false });
    if (!writeReport(io, extra.file, text, fail)) return EXIT_USAGE;
  }

  if (tooManyWarnings) fail(`${warningsBeforeQuiet} warnings exceed --max-warnings ${args.maxWarnings}`);
  if (fixed.notWritten > 0) return EXIT_NOT_WRITTEN;
  if (inputErrors.length > 0) return EXIT_USAGE;
  return report.summary.errors > 0 || tooManyWarnings ? EXIT_PROBLEMS : EXIT_OK;
}

/** DPS010 for the suppression comments of a result that silenced nothing, after every check of the run. */
function reportUnusedDirectives(result: CheckResult, severity: Record<string, SeveritySetting>): void {
  if (!result.suppressions) return;
  const unused = applySeverities(unusedDirectiveProblems(result.suppressions, result.lineIndex), severity);
  if (unused.length) result.problems = [...result.problems, ...unused].sort(compareProblems);
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
  return groupInputs(
    files.map((file) => ({ documentId: file.path, file })),
    'folder',
  ).map((group) => ({
    folder: folderOfId(group[0].documentId),
    ...summarize(group.map((g) => g.file)),
  }));
}

/**
 * `--folder-context` (used by the pre-commit hooks, which pass only the staged
 * files): the other profiles in the folders of the named files join their
 * deployments, so cross-file rules see the whole folder; only the named files are reported.
 */
function addFolderContext(
  files: readonly string[],
  inputs: DeploymentInput[],
  cwd: string,
  preferenceDomainFiles: Readonly<Record<string, string>>,
): Set<string> {
  const named = new Set(files);
  const context = new Set<string>();
  for (const folder of new Set(files.map((f) => path.dirname(f)))) {
    for (const file of profilesInFolder(folder, preferenceDomainFiles)) {
      if (named.has(file)) continue;
      try {
        const documentId = displayPath(file, cwd);
        inputs.push({ documentId, fileName: path.nameOf(file), bytes: readRegularFile(file, LIMITS.profileBytes).bytes });
        context.add(documentId);
      } catch {
        // An unreadable sibling is only missing context; the named files are still checked.
      }
    }
  }
  return context;
}

/**
 * The complaint when --output, a --report-file or the --write-baseline file is a file being read, or two of them
 * are the same file; else undefined. Files are compared by device and inode, so a link, a hard link, `./` or another
 * letter case does not hide one. Only an existing regular file can be read: a new file or /dev/null never clashes.
 */
function outputOverInput(args: CheckArgs, cwd: string, inputs: readonly string[]): string | undefined {
  const targets: { what: string; id: string | undefined; file: string }[] = [];
  const add = (what: string, file: string) => {
    const resolved = path.resolve(cwd, file);
    targets.push({ what, id: fileIdentity(resolved), file: resolved });
  };
  if (args.output !== undefined) add(`--output ${args.output}`, args.output);
  for (const r of args.reportFiles) add(`--report-file ${r.format}=${r.file}`, r.file);
  if (args.writeBaseline) add(`--write-baseline (${args.baseline ?? DEFAULT_BASELINE})`, args.baseline ?? DEFAULT_BASELINE);
  const seen = new Map<string, string>();
  for (const t of targets) {
    // A file not there yet is known by its path; /dev/null may take every report.
    if (t.id === undefined && existsSync(t.file)) continue;
    const key = t.id ?? t.file;
    const other = seen.get(key);
    if (other) return `${t.what} and ${other} name the same file; one would overwrite the other.`;
    seen.set(key, t.what);
  }
  const existing = targets.filter((t) => t.id !== undefined);
  if (existing.length === 0) return undefined;
  for (const input of inputs) {
    const id = fileIdentity(input);
    const target = id === undefined ? undefined : existing.find((t) => t.id === id);
    if (target) return `${target.what} names a file being read; it would overwrite that profile. Write the report to another file.`;
  }
  return undefined;
}

/** Device and inode of an existing regular file (links followed), else undefined. */
function fileIdentity(file: string): string | undefined {
  try {
    const st = statSync(file);
    return st.isFile() ? `${st.dev}:${st.ino}` : undefined;
  } catch {
    return undefined;
  }
}
