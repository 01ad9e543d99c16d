import * as path from '../node/path';
import {
  checkDeployment,
  MACOS_VERSION_PATTERN,
  type CheckResult,
  type DeploymentInput,
  parseScenario,
  simulate,
  simulateMatrix,
  type Matrix,
  type ScenarioInput,
  type Step,
  type Timeline,
  describeScenario,
} from '../core';
import { discoverFiles, displayPath } from '../node/discover';
import { errnoText } from '../node/errno';
import { escapeControl } from './escape';
import { LIMITS, readRegularFile } from '../node/read-file';
import { CONFIG_OPTION, hasFlag, lastValue, OUTPUT_OPTION, VERBOSE_OPTION, UsageError, type CliEnvironment, type Command, type ParsedOptions } from './command';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from './exit-codes';
import { renderHtmlReport } from './html-report';
import { readCliSettings } from './settings';
import { writeReport } from './report';

/**
 * `dps-profiles simulate`: what a Mac would do with the deployment, step by
 * step. All inputs form one deployment (the preview is about profiles that
 * arrive together).
 */

export interface SimulateArgs {
  inputs: string[];
  macOS?: string;
  scenarioFile?: string;
  /** A key of SIMULATE_FORMATS. */
  format: string;
  output?: string;
  matrix: boolean;
  config?: string;
  verbose: boolean;
}

/** What a simulate formatter gets: the files and either one timeline or the matrix across versions. */
export type SimulateReport = { files: string[]; timeline: Timeline; matrix?: undefined } | { files: string[]; matrix: Matrix; timeline?: undefined };

/** `--format` names of `simulate` → formatters with one signature; the first is the default. */
export const SIMULATE_FORMATS: Readonly<Record<string, (report: SimulateReport) => string>> = {
  text: (r) => (r.matrix ? formatMatrixText(r.matrix, r.files) : formatTimelineText(r.timeline, r.files)),
  json: (r) =>
    `${JSON.stringify(r.matrix ? { version: 1, files: r.files, matrix: r.matrix } : { version: 1, files: r.files, timeline: r.timeline }, null, 2)}\n`,
  html: (r) => renderHtmlReport(r.matrix ? { files: r.files, matrix: r.matrix } : { files: r.files, timeline: r.timeline }),
};

export const simulateCommand: Command<SimulateArgs> = {
  name: 'simulate',
  summary: 'Preview what a Mac does with a deployment, step by step',
  usage: ['dps-profiles simulate <files|folders|globs>... [options]'],
  description: `Preview what a Mac does with these profiles (deployed together): each payload
installed or refused, Okta Verify's configuration, the Device Access
certificate, the registration prompt, sign-in, the password replacement and
where it syncs afterwards. Every problem the checker finds shows up at the
step where it would bite.`,
  options: [
    { name: '--macos', value: '<version>', help: "macOS on the Mac, e.g. 13.6, 14.5, 15.4, 26\n(default: the deployment's target, else 15.0)" },
    { name: '--scenario', value: '<file.json>', help: 'Device, delivery and org facts (see docs/preview.md);\n--macos overrides its "macOS"' },
    { name: '--matrix', help: 'Compare macOS 13, 14, 15 and 26 side by side' },
    {
      name: '--format',
      alias: '-f',
      value: `<${Object.keys(SIMULATE_FORMATS).join('|')}>`,
      choices: Object.keys(SIMULATE_FORMATS),
      help: 'Output format (default: text). html is one\nself-contained file',
    },
    OUTPUT_OPTION,
    CONFIG_OPTION,
    VERBOSE_OPTION,
  ],
  exitCodes: {
    [EXIT_OK]: 'registration works (warnings allowed)',
    [EXIT_PROBLEMS]: 'a step fails (on any version with --matrix)',
    [EXIT_USAGE]: 'usage error, an input that could not be read, or a report that\ncould not be written',
  },
  parse: parseSimulateArgs,
  run: runSimulate,
};

export function parseSimulateArgs(parsed: ParsedOptions): SimulateArgs {
  const args: SimulateArgs = {
    inputs: parsed.positionals,
    scenarioFile: lastValue(parsed, '--scenario'),
    format: lastValue(parsed, '--format') ?? Object.keys(SIMULATE_FORMATS)[0],
    output: lastValue(parsed, '--output'),
    matrix: hasFlag(parsed, '--matrix'),
    config: lastValue(parsed, '--config'),
    verbose: hasFlag(parsed, '--verbose'),
  };
  const macOS = lastValue(parsed, '--macos');
  if (macOS !== undefined) {
    if (!MACOS_VERSION_PATTERN.test(macOS)) throw new UsageError(`--macos must be a version such as 14.5 (got "${macOS}")`);
    args.macOS = macOS;
  }
  if (args.inputs.length === 0) throw new UsageError('name the profiles (files, folders or globs) of the deployment to simulate');
  return args;
}

async function runSimulate(args: SimulateArgs, io: CliEnvironment, fail: (message: string) => void): Promise<number> {
  const settings = readCliSettings(io, args.config, fail, args.verbose ? fail : undefined);
  if (!settings) return EXIT_USAGE;
  const { preferenceDomainFiles, targetMacOS, deviceAccessScep } = settings;

  let scenario: ScenarioInput = {};
  if (args.scenarioFile !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(
        readRegularFile(path.resolve(io.cwd, args.scenarioFile), LIMITS.settingsBytes)
          .bytes.toString('utf8')
          .replace(/^\uFEFF/, ''),
      );
    } catch (e) {
      fail(`cannot read scenario ${args.scenarioFile}: ${errnoText(e)}`);
      return EXIT_USAGE;
    }
    const parsed = parseScenario(raw);
    if (parsed.errors.length) {
      for (const err of parsed.errors) fail(`${args.scenarioFile}: ${err}`);
      return EXIT_USAGE;
    }
    scenario = parsed.scenario;
  }
  if (args.macOS !== undefined) scenario = { ...scenario, macOS: args.macOS };

  const discovered = discoverFiles(args.inputs, io.cwd, preferenceDomainFiles);
  const errors = [...discovered.errors];
  const inputs: DeploymentInput[] = [];
  for (const file of discovered.files) {
    try {
      inputs.push({ documentId: displayPath(file, io.cwd), fileName: path.basename(file), bytes: readRegularFile(file, LIMITS.profileBytes).bytes });
    } catch (e) {
      errors.push(`${displayPath(file, io.cwd)}: cannot read (${errnoText(e)})`);
    }
  }
  for (const message of errors) fail(message);
  if (inputs.length === 0) return EXIT_USAGE;

  const results: CheckResult[] = checkDeployment(inputs, { preferenceDomainFiles, targetMacOS, deviceAccessScep });
  const files = inputs.map((i) => i.documentId);
  let report: SimulateReport;
  let failed: boolean;
  if (args.matrix) {
    const matrix = simulateMatrix(results, scenario);
    failed = matrix.timelines.some((t) => t.outcomeStatus === 'fails');
    report = { files, matrix };
  } else {
    const timeline = simulate(results, scenario);
    failed = timeline.outcomeStatus === 'fails';
    report = { files, timeline };
  }

  if (!writeReport(io, args.output, SIMULATE_FORMATS[args.format](report), fail)) return EXIT_USAGE;
  if (errors.length) return EXIT_USAGE;
  return failed ? EXIT_PROBLEMS : EXIT_OK;
}

const MARK: Record<Step['status'], string> = { ok: 'ok  ', warning: 'warn', fails: 'FAIL', skipped: 'skip' };

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + escapeControl(l)).join('\n');
}

/** For terminals: every step on one line; the explanation and the keys behind it under the steps that are not plain ok. */
export function formatTimelineText(t: Timeline, files: string[]): string {
  const out: string[] = [];
  out.push(`Deployment preview: ${describeScenario(t.scenario)} · Platform SSO ${t.psso}`);
  out.push(`Files: ${escapeControl(files.join(', '))}`, '');
  for (const s of t.steps) {
    const codes = s.relatedCodes.length ? `  [${s.relatedCodes.join(', ')}]` : '';
    out.push(`  ${MARK[s.status]}  ${escapeControl(s.title)}${codes}`);
    if (s.status === 'ok') continue;
    out.push(wrap(s.explanation, 92, '        '));
    for (const d of s.drivers.filter((x) => x.cause)) {
      const where = d.range ? `${d.documentId}:${d.range.start.line + 1}:${d.range.start.character + 1}` : d.documentId;
      out.push(`        → ${escapeControl(`${where}${d.keyPath ? ` ${d.keyPath}` : ''}`)}`);
    }
  }
  out.push('', `Outcome: ${escapeControl(t.outcome)}`, '');
  return out.join('\n');
}

export function formatMatrixText(m: Matrix, files: string[]): string {
  const out: string[] = [];
  out.push(`Deployment preview across macOS ${m.versions.join(', ')}`, `Files: ${escapeControl(files.join(', '))}`, '');
  let width = 8;
  for (const r of m.rows) width = Math.max(width, Math.min(60, r.title.length));
  const cell = (s: string | undefined) => (s ? MARK[s as Step['status']] : '—').padEnd(8);
  out.push(`    ${'Step'.padEnd(width)}  ${m.versions.map((v) => v.padEnd(8)).join('')}`);
  for (const r of m.rows) {
    const shown = escapeControl(r.title);
    const title = shown.length > width ? `${shown.slice(0, width - 1)}…` : shown.padEnd(width);
    out.push(`${r.differs ? ' *  ' : '    '}${title}  ${r.statuses.map(cell).join('')}`);
  }
  out.push('', 'Where the versions differ (*), and why:');
  for (const r of m.rows.filter((x) => x.differs)) {
    out.push(`  ${escapeControl(r.title)}`);
    for (const c of r.causes) out.push(wrap(c, 92, '      '));
  }
  out.push('', 'Outcomes:');
  m.timelines.forEach((t) => out.push(wrap(`macOS ${t.macOS}: ${t.outcome}`, 96, '  ')));
  out.push('');
  return out.join('\n');
}
