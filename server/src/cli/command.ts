import { EXIT_NOT_WRITTEN, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, type ExitCode } from './exit-codes';

/**
 * The shape every `dps-profiles` command has: its options declared as data
 * (parsed by `parseOptions`, listed by `renderHelp`), a `parse` step that turns
 * them into the command's own arguments without I/O, and a `run` step. A new
 * command is one file exporting a `Command` plus one line in `commands.ts`.
 */

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

/** A bad command line: reported with a pointer to --help, exit code 2, never a report. */
export class UsageError extends Error {}

/** One option. Flags have no `value`. */
export interface OptionSpec {
  /** The long name with its dashes, e.g. `--format`. */
  name: string;
  /** A short alias, e.g. `-f`. */
  alias?: string;
  /** For an option that takes a value: its placeholder in the help, e.g. `<name>`. */
  value?: string;
  /** What an empty value lacks, for the message "--output needs a file name". Empty values are refused when set. */
  needs?: string;
  /** The only values allowed. */
  choices?: readonly string[];
  /** Help text; `\n` starts a new line in the help's description column. */
  help: string;
}

export interface ParsedOptions {
  /** Arguments that are not options, in order. */
  positionals: string[];
  /** Index in argv of each positional, parallel to `positionals`. */
  positionalIndexes: number[];
  /** Long option name → every value given, in order (a flag records '' once per use). */
  given: Map<string, string[]>;
}

/** The last value given for an option, or undefined. */
export function lastValue(parsed: ParsedOptions, name: string): string | undefined {
  const values = parsed.given.get(name);
  return values?.[values.length - 1];
}

export function hasFlag(parsed: ParsedOptions, name: string): boolean {
  return parsed.given.has(name);
}

export interface Command<A = unknown> {
  name: string;
  /** One line for the list of commands. */
  summary: string;
  /** Usage lines, without the leading "Usage: ". */
  usage: readonly string[];
  /** The paragraphs between the usage and the options. */
  description: string;
  /** The command's options; --help and --version are added to every command. */
  options: readonly OptionSpec[];
  /** What each exit code it uses means for this command (constants from exit-codes.ts only). */
  exitCodes: Readonly<Partial<Record<ExitCode, string>>>;
  /** Turn the parsed options into the command's arguments; throws UsageError. No I/O. */
  parse(parsed: ParsedOptions): A;
  /** Run it; `fail` writes one line to stderr with the command's prefix. Resolves to an exit code. */
  run(args: A, io: CliEnvironment, fail: (message: string) => void): Promise<number>;
}

export const HELP_OPTION: OptionSpec = { name: '--help', alias: '-h', help: 'Show this help' };
export const VERSION_OPTION: OptionSpec = { name: '--version', alias: '-v', help: 'Show the version' };

/** Options several commands share, spelled and validated once. */
export const OUTPUT_OPTION: OptionSpec = {
  name: '--output',
  alias: '-o',
  value: '<file>',
  needs: 'a file name',
  help: 'Write the report to a file instead of stdout',
};
export const CONFIG_OPTION: OptionSpec = {
  name: '--config',
  alias: '-c',
  value: '<file>',
  needs: 'a file name',
  help: 'Settings file (default: the nearest .dps-profiles.json\nfrom the current folder up to the repository root\nor the home folder)',
};

export const VERBOSE_OPTION: OptionSpec = { name: '--verbose', help: 'Say on stderr which settings file was used (or where\none was looked for)' };

export function withCommonOptions(options: readonly OptionSpec[]): OptionSpec[] {
  return [...options, HELP_OPTION, VERSION_OPTION];
}

/**
 * Parse a command line against option specs: `--name value`, `--name=value`,
 * short aliases, `--` ending the options, `-` as a positional. Validates
 * `needs` and `choices`; everything else is the command's `parse`.
 */
export function parseOptions(argv: readonly string[], specs: readonly OptionSpec[]): ParsedOptions {
  const byName = new Map<string, OptionSpec>();
  for (const spec of specs) {
    byName.set(spec.name, spec);
    if (spec.alias) byName.set(spec.alias, spec);
  }
  const parsed: ParsedOptions = { positionals: [], positionalIndexes: [], given: new Map() };
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
      // "" would name the current folder: `check "$PROFILES"` with the variable unset must not check whatever is there.
      if (arg === '') throw new UsageError('an empty argument names no file (an unset shell variable?); name a file, a folder or a glob');
      parsed.positionals.push(arg);
      parsed.positionalIndexes.push(i);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`unknown option ${name}`);
    let value = eq >= 0 ? arg.slice(eq + 1) : undefined;
    if (spec.value === undefined) {
      if (value !== undefined) throw new UsageError(`${name} takes no value`);
      value = '';
    } else {
      if (value === undefined) {
        if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value`);
        value = argv[++i];
      }
      if (spec.choices && !spec.choices.includes(value)) throw new UsageError(`${spec.name} must be one of ${spec.choices.join(', ')} (got "${value}")`);
      if (spec.needs !== undefined && value === '') throw new UsageError(`${spec.name} needs ${spec.needs}`);
    }
    const values = parsed.given.get(spec.name);
    if (values) values.push(value);
    else parsed.given.set(spec.name, [value]);
  }
  return parsed;
}

const EXIT_CODES: readonly ExitCode[] = [EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_NOT_WRITTEN];

/** Lay out `left` / `right` columns, the right one wrapped at its `\n`s. */
function columns(rows: readonly [string, string][], indent: string): string[] {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const out: string[] = [];
  for (const [left, right] of rows) {
    right.split('\n').forEach((line, i) => out.push(`${indent}${(i === 0 ? left : '').padEnd(width)}${line}`.trimEnd()));
  }
  return out;
}

/** A command's --help: usage, description, options, exit codes, and the other commands when given. */
export function renderHelp(command: Command<unknown>, others: readonly Command<unknown>[] = []): string {
  const out: string[] = [];
  command.usage.forEach((u, i) => out.push(`${i === 0 ? 'Usage: ' : '       '}${u}`));
  out.push('', command.description.trimEnd(), '', 'Options:');
  const optionRows: [string, string][] = withCommonOptions(command.options).map((o) => {
    const names = `${o.alias ? `${o.alias}, ` : '    '}${o.name}${o.value ? ` ${o.value}` : ''}`;
    return [names, o.help];
  });
  out.push(...columns(optionRows, '  '));
  out.push('', 'Exit codes:');
  out.push(
    ...columns(
      EXIT_CODES.flatMap((code) => (command.exitCodes[code] ? [[String(code), command.exitCodes[code]] as [string, string]] : [])),
      '  ',
    ),
  );
  if (others.length > 0) {
    out.push('', 'Commands:');
    out.push(
      ...columns(
        others.map((c) => [c.name, c.summary]),
        '  ',
      ),
    );
  }
  out.push('', 'Docs: https://github.com/dps-profiles/dps-profiles/blob/main/docs/cli.md', '');
  return out.join('\n');
}
