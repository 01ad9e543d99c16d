import { type Stats, existsSync, readFileSync, statSync } from 'fs';
import * as path from '../node/path';
import {
  looksSigned,
  verifySignedProfile,
  type DeploymentInput,
  type SeveritySetting,
  DEFAULT_FAIL_ON,
  FAIL_ON_CHOICES,
  formatPlanMarkdown,
  formatPlanText,
  planChange,
  renderPlanReportHtml,
  type FailOn,
  type Grouping,
  type Plan,
} from '../core';
import { discoverFiles, displayPath } from '../node/discover';
import { errnoText } from '../node/errno';
import { GitError, readProfilesAtRevision } from '../node/git';
import { parseCheckOptions } from './args';
import { CONFIG_OPTION, hasFlag, lastValue, OUTPUT_OPTION, UsageError, type CliEnvironment, type Command, type ParsedOptions } from './command';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from './exit-codes';
import { writeReport } from './report';
import { readCliSettings } from './settings';

/**
 * `dps-profiles plan`: what a change to the profiles does to the Macs that
 * already have the old ones. The old side is a git revision (read with
 * `git show`, never checked out) or a folder; the new side is the working tree.
 * The core computes the plan; this file only reads files and writes the report.
 */

/** The JSON format's version (docs/plan.md); bumped only for changes that break readers. */
export const PLAN_JSON_VERSION = 1;

export interface PlanArgs {
  inputs: string[];
  base: string;
  from?: string;
  /** A key of PLAN_FORMATS. */
  format: string;
  output?: string;
  config?: string;
  targetMacOS?: string;
  severity: Record<string, SeveritySetting>;
  grouping: Grouping;
  failOn: FailOn[];
}

/** `--format` names of `plan` → formatters; the first is the default. */
export const PLAN_FORMATS: Readonly<Record<string, (plan: Plan) => string>> = {
  text: formatPlanText,
  markdown: formatPlanMarkdown,
  json: (plan) => `${JSON.stringify({ version: PLAN_JSON_VERSION, ...plan }, null, 2)}\n`,
  html: renderPlanReportHtml,
};

export const planCommand: Command<PlanArgs> = {
  name: 'plan',
  summary: 'What a change to the profiles does to Macs already in the field',
  usage: ['dps-profiles plan [files|folders|globs]... [--base <git-ref> | --from <folder>] [options]'],
  description: `Compare the profiles as they are now with a git revision (default HEAD, read
with git show, never checked out) or with another folder, and say what
macOS does with each profile and payload on push, what each kind of Mac in
the field sees (macOS 13, 14, 15, 26; registered with Platform SSO 1.0 or
2.0, or not yet registered), which migration Okta documents the change is
and whether its steps are in order, and the DPS problems the change
introduces or fixes. Without paths, the current folder. Files are grouped
into deployments as in check (by folder).`,
  options: [
    { name: '--base', value: '<git-ref>', needs: 'a branch, tag or commit', help: 'The revision to compare with (default: HEAD)' },
    {
      name: '--from',
      value: '<folder>',
      needs: 'a folder',
      help: 'Compare with this folder instead of git: its files\nstand for the old version of the (one) path given',
    },
    {
      name: '--format',
      alias: '-f',
      value: `<${Object.keys(PLAN_FORMATS).join('|')}>`,
      choices: Object.keys(PLAN_FORMATS),
      help: 'Output format (default: text). markdown is a\npull-request comment; json is docs/plan.md',
    },
    OUTPUT_OPTION,
    {
      name: '--fail-on',
      value: '<kinds>',
      needs: 'a comma-separated list',
      help: `Exit 1 when one of these shows up (comma-separated;\n"none" never): ${FAIL_ON_CHOICES.join(', ')}\n(default: ${DEFAULT_FAIL_ON.join(',')})`,
    },
    CONFIG_OPTION,
    { name: '--target-macos', value: '<version>', help: 'The macOS version you deploy to, for the DPS checks' },
    { name: '--severity', value: '<CODE=level>', help: "Override a code's severity; repeatable (as in check)" },
    { name: '--deployment', help: 'All inputs form one deployment (as in check)' },
    { name: '--per-file', help: 'Each file is its own deployment (as in check)' },
  ],
  exitCodes: {
    [EXIT_OK]: 'nothing in the change affects users (by --fail-on)',
    [EXIT_PROBLEMS]: 'a change affects users: re-registration, lost sync, a broken\nregistration, a profile that fails to install, a broken reference',
    [EXIT_USAGE]: 'usage error, not a git repository, unknown revision, an input\nthat could not be read, or a report that could not be written',
  },
  parse: parsePlanArgs,
  run: runPlan,
};

export function parsePlanArgs(parsed: ParsedOptions): PlanArgs {
  const args: PlanArgs = {
    inputs: parsed.positionals.length ? parsed.positionals : ['.'],
    base: lastValue(parsed, '--base') ?? 'HEAD',
    from: lastValue(parsed, '--from'),
    format: lastValue(parsed, '--format') ?? Object.keys(PLAN_FORMATS)[0],
    output: lastValue(parsed, '--output'),
    config: lastValue(parsed, '--config'),
    failOn: [...DEFAULT_FAIL_ON],
    ...parseCheckOptions(parsed),
  };
  if (hasFlag(parsed, '--base') && args.from !== undefined) throw new UsageError('--base and --from exclude each other');
  if (args.from !== undefined && args.inputs.length !== 1)
    throw new UsageError('with --from, name the one folder (or file) that the --from folder is the old version of');
  const failOn = lastValue(parsed, '--fail-on');
  if (failOn !== undefined) {
    const kinds = failOn
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    const unknown = kinds.filter((k) => k !== 'none' && !(FAIL_ON_CHOICES as readonly string[]).includes(k));
    if (unknown.length)
      throw new UsageError(
        `--fail-on: unknown kind${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; choose from ${FAIL_ON_CHOICES.join(', ')} or none`,
      );
    args.failOn = kinds.filter((k) => k !== 'none') as FailOn[];
  }
  return args;
}

/** The working tree's side: what `check` would read for these inputs. */
function readNow(
  inputs: readonly string[],
  cwd: string,
  preferenceDomainFiles: Record<string, string>,
  errors: string[],
  before: readonly DeploymentInput[],
): DeploymentInput[] {
  const out: DeploymentInput[] = [];
  // A path that is gone now but had profiles at the base is a removal, not an error.
  const hadProfiles = (input: string) => {
    const id = displayPath(path.resolve(cwd, input), cwd);
    return before.some((b) => b.documentId === id || b.documentId.startsWith(`${id === '.' ? '' : `${id}/`}`));
  };
  const present = inputs.filter((input) => existsSync(path.resolve(cwd, input)) || !hadProfiles(input));
  const discovered = discoverFiles(present, cwd, preferenceDomainFiles);
  errors.push(...discovered.errors.filter((e) => !(/: no profiles found in this folder/.test(e) && hadProfiles(e.slice(0, e.indexOf(': no profiles found'))))));
  for (const file of discovered.files) {
    try {
      out.push({ documentId: displayPath(file, cwd), fileName: path.basename(file), bytes: readFileSync(file) });
    } catch (e) {
      errors.push(`${displayPath(file, cwd)}: cannot read (${errnoText(e)})`);
    }
  }
  return out;
}

/** `--from <folder>`: its files, under the ids they would have inside the path they are the old version of. */
function readFrom(from: string, target: string, cwd: string, preferenceDomainFiles: Record<string, string>, errors: string[]): DeploymentInput[] {
  const fromAbs = path.resolve(cwd, from);
  let stat: Stats;
  try {
    stat = statSync(fromAbs);
  } catch (e) {
    errors.push(`--from ${from}: ${errnoText(e) === 'ENOENT' ? 'no such file or folder' : errnoText(e)}`);
    return [];
  }
  const discovered = discoverFiles([from], cwd, preferenceDomainFiles);
  errors.push(...discovered.errors.map((e) => `--from ${e}`));
  const out: DeploymentInput[] = [];
  for (const file of discovered.files) {
    const standsFor = stat.isDirectory() ? path.join(path.resolve(cwd, target), path.relative(fromAbs, file)) : path.resolve(cwd, target);
    try {
      out.push({ documentId: displayPath(standsFor, cwd), fileName: path.basename(standsFor), bytes: readFileSync(file) });
    } catch (e) {
      errors.push(`${displayPath(file, cwd)}: cannot read (${errnoText(e)})`);
    }
  }
  return out;
}

async function runPlan(args: PlanArgs, io: CliEnvironment, fail: (message: string) => void): Promise<number> {
  const settings = readCliSettings(io, args.config, fail);
  if (!settings) return EXIT_USAGE;
  const preferenceDomainFiles = settings.preferenceDomainFiles;
  const errors: string[] = [];

  let before: DeploymentInput[];
  let baseLabel: string;
  if (args.from !== undefined) {
    before = readFrom(args.from, args.inputs[0], io.cwd, preferenceDomainFiles, errors);
    baseLabel = args.from;
  } else {
    try {
      const read = readProfilesAtRevision(io.cwd, args.base, args.inputs, preferenceDomainFiles);
      before = read.files;
      baseLabel = `${args.base} (${read.commit.slice(0, 12)})`;
    } catch (e) {
      if (!(e instanceof GitError)) throw e;
      fail(e.message);
      return EXIT_USAGE;
    }
  }
  const after = readNow(args.inputs, io.cwd, preferenceDomainFiles, errors, before);
  for (const message of errors) fail(message);
  if (errors.length) return EXIT_USAGE;
  if (before.length === 0 && after.length === 0) {
    fail(`no profiles in ${args.inputs.join(', ')}, neither now nor at ${baseLabel}`);
    return EXIT_USAGE;
  }

  // Signatures are verified up front (WebCrypto is async, the core is not), on both sides alike.
  for (const input of [...before, ...after]) {
    if (input.bytes && looksSigned(input.bytes)) input.signature = await verifySignedProfile(input.bytes, {});
  }

  const plan = planChange(before, after, {
    grouping: args.grouping,
    base: baseLabel,
    head: args.from !== undefined ? args.inputs[0] : 'working tree',
    severities: { ...settings.severity, ...args.severity },
    preferenceDomainFiles,
    targetMacOS: args.targetMacOS ?? settings.targetMacOS,
    // As in check: with --deployment the inputs are the whole deployment, so a missing certificate is missing.
    deviceAccessScep: settings.deviceAccessScep ?? (args.grouping === 'all' ? 'included' : undefined),
    failOn: args.failOn,
  });
  if (!writeReport(io, args.output, PLAN_FORMATS[args.format](plan), fail)) return EXIT_USAGE;
  return plan.summary.affectsUsers ? EXIT_PROBLEMS : EXIT_OK;
}
