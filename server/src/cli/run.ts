import * as fs from 'fs';
import * as path from 'path';
import { checkDeployment, type CheckResult, type DeploymentInput, type DeploymentOptions, type SeveritySetting } from '../core';
import { ConfigError, findConfigFile, loadConfigFile } from '../node/config';
import { discoverFiles, displayPath } from '../node/discover';
import { canonicalCode, parseArgs, UsageError, type CheckArgs } from './args';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatStylish } from './format-stylish';
import { sortProblems, summarize, type CheckedFile } from './report';
import { HELP_TEXT } from './help';

/** Exit codes, documented in --help and docs/cli.md. */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

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
  const configFile = args.config !== undefined ? path.resolve(io.cwd, args.config) : findConfigFile(io.cwd);
  if (configFile !== undefined) {
    try {
      const loaded = loadConfigFile(configFile);
      const shown = displayPath(configFile, io.cwd);
      for (const w of loaded.warnings) fail(`${shown}: ${w}`);
      // Keys by canonical code, so a CLI flag by name still overrides the file's entry by code.
      for (const [key, level] of Object.entries(loaded.settings.severity)) {
        const code = canonicalCode(key);
        if (code) severity[code] = level;
        else fail(`${shown}: unknown code or name "${key}" in "severity" is ignored`);
      }
      preferenceDomainFiles = { ...loaded.settings.preferenceDomainFiles };
      targetMacOS = loaded.settings.targetMacOS;
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      fail(e.message);
      return EXIT_USAGE;
    }
  }
  severity = { ...severity, ...args.severity };
  if (args.targetMacOS !== undefined) targetMacOS = args.targetMacOS;

  const options: DeploymentOptions = { severities: severity, preferenceDomainFiles, targetMacOS };
  const inputErrors: string[] = [];
  const inputs: DeploymentInput[] = [];

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
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        inputErrors.push(`${displayPath(file, io.cwd)}: cannot read (${err.code ?? err.message})`);
      }
    }
  }

  // The profiles of one folder are deployed together (one deployment) by default; --deployment puts every
  // input in one deployment, --per-file checks each file alone.
  const groups = groupInputs(inputs, args.grouping);
  const results: CheckResult[] = [];
  for (const group of groups) {
    if (group.length === 0) continue;
    try {
      results.push(...checkDeployment(group, options));
    } catch (e) {
      // A crash must not hide the results for the other files.
      inputErrors.push(`${group.map((g) => g.documentId).join(', ')}: internal error while checking: ${(e as Error).stack ?? String(e)}`);
    }
  }

  // Report in input order (sorted paths), whatever the grouping.
  const order = new Map(inputs.map((input, i) => [input.documentId, i]));
  results.sort((a, b) => (order.get(a.documentId) ?? 0) - (order.get(b.documentId) ?? 0));
  let warningsBeforeQuiet = 0;
  const checked: CheckedFile[] = results.map((result) => {
    warningsBeforeQuiet += result.problems.filter((p) => p.severity === 'warning').length;
    const problems = args.quiet ? result.problems.filter((p) => p.severity === 'error') : result.problems;
    return { path: result.documentId, lineIndex: result.lineIndex, problems: sortProblems(problems) };
  });
  for (const message of inputErrors) fail(message);

  const report = { files: checked, summary: summarize(checked) };
  let output: string;
  if (args.format === 'json') output = formatJson(report);
  else if (args.format === 'sarif') output = formatSarif(report, { toolVersion: io.toolVersion, cwd: io.cwd, notifications: inputErrors });
  else output = formatStylish(report, args.output === undefined && useColor(args, io));

  if (args.output !== undefined) {
    const target = path.resolve(io.cwd, args.output);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, output);
    } catch (e) {
      fail(`cannot write ${args.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return EXIT_USAGE;
    }
  } else {
    io.stdout.write(output);
  }

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

function groupInputs<T extends { documentId: string }>(inputs: T[], grouping: 'folder' | 'all' | 'file'): T[][] {
  if (grouping === 'all') return [inputs];
  if (grouping === 'file') return inputs.map((input) => [input]);
  const byFolder = new Map<string, T[]>();
  for (const input of inputs) {
    const folder = path.posix.dirname(input.documentId);
    const group = byFolder.get(folder);
    if (group) group.push(input);
    else byFolder.set(folder, [input]);
  }
  return [...byFolder.values()];
}
