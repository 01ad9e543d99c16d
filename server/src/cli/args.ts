import { CODES, type SeveritySetting } from '../core';

/** Parsed `dps-profiles check` options. Pure: no I/O, so it is easy to reason about. */
export type OutputFormat = 'stylish' | 'json' | 'sarif' | 'junit' | 'github';

export interface CheckArgs {
  command: 'check';
  inputs: string[];
  format: OutputFormat;
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
  /** Check all inputs together, so rules that span files see every one. */
  /** How files are grouped into deployments: by folder (default), all together, or each alone. */
  grouping: 'folder' | 'all' | 'file';
  /** Apply safe fixes and write the files back (`--fix`). */
  fix: boolean;
  /** Read the other profiles of each named file's folder as deployment context, without reporting them. */
  folderContext: boolean;
  /** PEM file of certificates a signed profile's chain must lead to. */
  trustAnchors?: string;
}

export type ParsedArgs = CheckArgs | { command: 'help' } | { command: 'version' };

export class UsageError extends Error {}

const FORMATS: readonly OutputFormat[] = ['stylish', 'json', 'sarif', 'junit', 'github'];
const LEVELS: readonly SeveritySetting[] = ['error', 'warning', 'info', 'hint', 'off'];
export const VERSION_PATTERN = /^\d+(\.\d+){0,2}$/;

/** Options that take a value, with their short aliases. */
const VALUE_OPTIONS: Record<string, string> = {
  '--format': '--format',
  '-f': '--format',
  '--output': '--output',
  '-o': '--output',
  '--max-warnings': '--max-warnings',
  '--severity': '--severity',
  '--config': '--config',
  '-c': '--config',
  '--target-macos': '--target-macos',
  '--stdin-filename': '--stdin-filename',
  '--trust-anchors': '--trust-anchors',
};

const FLAG_OPTIONS: Record<string, string> = {
  '--stdin': '--stdin',
  '--quiet': '--quiet',
  '-q': '--quiet',
  '--no-color': '--no-color',
  '--deployment': '--deployment',
  '--per-file': '--per-file',
  '--fix': '--fix',
  '--folder-context': '--folder-context',
  '--help': '--help',
  '-h': '--help',
  '--version': '--version',
  '-v': '--version',
};

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const args: CheckArgs = {
    command: 'check',
    inputs: [],
    format: 'stylish',
    maxWarnings: Number.POSITIVE_INFINITY,
    severity: {},
    stdin: false,
    stdinFilename: '<stdin>',
    quiet: false,
    color: true,
    grouping: 'folder',
    fix: false,
    folderContext: false,
  };
  let command: string | undefined;
  let help = false;
  let version = false;
  let stdinFilenameGiven = false;
  let onlyPositionals = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
      if (command === undefined) command = arg;
      else args.inputs.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    // `--name=value` and `--name value` are both accepted.
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const inlineValue = eq >= 0 ? arg.slice(eq + 1) : undefined;

    const flag = FLAG_OPTIONS[name];
    if (flag) {
      if (inlineValue !== undefined) throw new UsageError(`${name} takes no value`);
      if (flag === '--help') help = true;
      else if (flag === '--version') version = true;
      else if (flag === '--stdin') args.stdin = true;
      else if (flag === '--quiet') args.quiet = true;
      else if (flag === '--no-color') args.color = false;
      else if (flag === '--deployment') args.grouping = 'all';
      else if (flag === '--per-file') args.grouping = 'file';
      else if (flag === '--fix') args.fix = true;
      else if (flag === '--folder-context') args.folderContext = true;
      continue;
    }
    const option = VALUE_OPTIONS[name];
    if (!option) throw new UsageError(`unknown option ${name}`);
    let value = inlineValue;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value`);
      value = argv[++i];
    }
    switch (option) {
      case '--format':
        if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${value}")`);
        args.format = value as OutputFormat;
        break;
      case '--output':
        if (value === '') throw new UsageError('--output needs a file name');
        args.output = value;
        break;
      case '--max-warnings': {
        if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings must be a whole number ≥ 0 (got "${value}")`);
        args.maxWarnings = Number(value);
        break;
      }
      case '--severity': {
        const [code, level] = parseSeverity(value);
        args.severity[code] = level;
        break;
      }
      case '--config':
        if (value === '') throw new UsageError('--config needs a file name');
        args.config = value;
        break;
      case '--target-macos':
        if (!VERSION_PATTERN.test(value)) throw new UsageError(`--target-macos must be a version such as 14.5 (got "${value}")`);
        args.targetMacOS = value;
        break;
      case '--trust-anchors':
        if (value === '') throw new UsageError('--trust-anchors needs a PEM file');
        args.trustAnchors = value;
        break;
      case '--stdin-filename':
        if (value === '') throw new UsageError('--stdin-filename needs a name');
        args.stdinFilename = value;
        stdinFilenameGiven = true;
        break;
    }
  }

  if (help) return { command: 'help' };
  if (version) return { command: 'version' };
  if (command === undefined) throw new UsageError('missing command; try `dps-profiles check <files|folders|globs>`');
  if (command !== 'check') throw new UsageError(`unknown command "${command}"; the only command is "check"`);
  if (args.stdin && args.inputs.length > 0) throw new UsageError('--stdin reads one document from standard input; do not also name files');
  if (!args.stdin && stdinFilenameGiven) throw new UsageError('--stdin-filename only makes sense with --stdin');
  if (args.stdin && args.fix) throw new UsageError('--fix writes files back; it cannot be used with --stdin');
  if (!args.stdin && args.inputs.length === 0) throw new UsageError('name at least one file, folder or glob to check (or use --stdin)');
  return args;
}

/** `CODE=level` or `name=level` → [canonical code, level]. */
export function parseSeverity(value: string): [string, SeveritySetting] {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new UsageError(`--severity expects CODE=level, e.g. DPS302=off (got "${value}")`);
  const key = value.slice(0, eq).trim();
  const level = value.slice(eq + 1).trim().toLowerCase();
  if (!(LEVELS as readonly string[]).includes(level)) {
    throw new UsageError(`--severity ${key}: level must be one of ${LEVELS.join(', ')} (got "${level}")`);
  }
  const code = canonicalCode(key);
  if (!code) throw new UsageError(`--severity: unknown code or name "${key}"`);
  return [code, level as SeveritySetting];
}

/** A code (any case) or a code's name → the catalog code; undefined when unknown. */
export function canonicalCode(key: string): string | undefined {
  const lower = key.toLowerCase();
  return CODES.find((c) => c.code.toLowerCase() === lower || c.name === lower)?.code;
}
