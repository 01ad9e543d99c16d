import * as fs from 'fs';
import * as path from 'path';
import { checkDeployment, type CheckResult, type DeploymentInput } from '../core';
import { parseScenario, simulate, simulateMatrix, type Matrix, type ScenarioInput, type Step, type Timeline } from '../core/simulate';
import { describeScenario } from '../core/simulate/html';
import { VERSION_PATTERN } from './args';
import { renderHtmlReport } from './html-report';
import { ConfigError, loadCliConfig } from '../node/config';
import { discoverFiles, displayPath } from '../node/discover';
import type { CliEnvironment } from './run';
import { writeReport } from './report';

/**
 * `dps-profiles simulate`: what a Mac would do with the deployment, step by
 * step. All inputs form one deployment (the preview is about profiles that
 * arrive together). Exit 0 when registration works, 1 when a step fails, 2 on
 * usage errors or unreadable inputs.
 */

export type SimulateFormat = 'text' | 'json' | 'html';

export interface SimulateArgs {
  inputs: string[];
  macOS?: string;
  scenarioFile?: string;
  format: SimulateFormat;
  output?: string;
  matrix: boolean;
  config?: string;
  help: boolean;
}

export const SIMULATE_HELP = `Usage: dps-profiles simulate <files|folders|globs>... [options]

Preview what a Mac does with these profiles (deployed together): each payload
installed or refused, Okta Verify's configuration, the Device Access
certificate, the registration prompt, sign-in, the password replacement and
where it syncs afterwards. Every problem the checker finds shows up at the
step where it would bite.

Options:
      --macos <version>          macOS on the Mac, e.g. 13.6, 14.5, 15.4, 26
                                 (default: the deployment's target, else 15.0)
      --scenario <file.json>     Device, delivery and org facts (see docs/preview.md);
                                 --macos overrides its "macOS"
      --matrix                   Compare macOS 13, 14, 15 and 26 side by side
  -f, --format <text|json|html>  Output format (default: text). html is one
                                 self-contained file
  -o, --output <file>            Write to a file instead of stdout
  -c, --config <file>            Settings file (default: the nearest .dps-profiles.json)
  -h, --help                     Show this help

Exit codes: 0 registration works (warnings allowed), 1 a step fails (on any
version with --matrix), 2 usage error or an input that could not be read.
`;

class SimulateUsageError extends Error {}

export function parseSimulateArgs(argv: readonly string[]): SimulateArgs {
  const args: SimulateArgs = { inputs: [], format: 'text', matrix: false, help: false };
  const takesValue = new Set(['--macos', '--scenario', '--format', '-f', '--output', '-o', '--config', '-c']);
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositionals || !arg.startsWith('-') || arg === '-') {
      args.inputs.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (name === '--matrix' || name === '--help' || name === '-h') {
      if (eq >= 0) throw new SimulateUsageError(`${name} takes no value`);
      if (name === '--matrix') args.matrix = true;
      else args.help = true;
      continue;
    }
    if (!takesValue.has(name)) throw new SimulateUsageError(`unknown option ${name}`);
    let value = eq >= 0 ? arg.slice(eq + 1) : undefined;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new SimulateUsageError(`${name} needs a value`);
      value = argv[++i];
    }
    switch (name) {
      case '--macos':
        if (!VERSION_PATTERN.test(value)) throw new SimulateUsageError(`--macos must be a version such as 14.5 (got "${value}")`);
        args.macOS = value;
        break;
      case '--scenario':
        args.scenarioFile = value;
        break;
      case '--format':
      case '-f':
        if (value !== 'text' && value !== 'json' && value !== 'html') throw new SimulateUsageError(`--format must be text, json or html (got "${value}")`);
        args.format = value;
        break;
      case '--output':
      case '-o':
        if (value === '') throw new SimulateUsageError('--output needs a file name');
        args.output = value;
        break;
      default:
        if (value === '') throw new SimulateUsageError('--config needs a file name');
        args.config = value;
    }
  }
  if (!args.help && args.inputs.length === 0) throw new SimulateUsageError('name the profiles (files, folders or globs) of the deployment to simulate');
  return args;
}

export async function runSimulate(argv: readonly string[], io: CliEnvironment): Promise<number> {
  const fail = (message: string) => io.stderr.write(`dps-profiles simulate: ${message}\n`);
  let args: SimulateArgs;
  try {
    args = parseSimulateArgs(argv);
  } catch (e) {
    if (!(e instanceof SimulateUsageError)) throw e;
    fail(e.message);
    io.stderr.write('Run `dps-profiles simulate --help` for usage.\n');
    return 2;
  }
  if (args.help) {
    io.stdout.write(SIMULATE_HELP);
    return 0;
  }

  let preferenceDomainFiles: Record<string, string> = {};
  let targetMacOS: string | undefined;
  let deviceAccessScep: 'included' | 'external' | undefined;
  try {
    const loaded = loadCliConfig(io.cwd, args.config, (f) => displayPath(f, io.cwd), fail);
    if (loaded) {
      preferenceDomainFiles = { ...loaded.settings.preferenceDomainFiles };
      targetMacOS = loaded.settings.targetMacOS;
      deviceAccessScep = loaded.settings.deviceAccessScep;
    }
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    fail(e.message);
    return 2;
  }

  let scenario: ScenarioInput = {};
  if (args.scenarioFile !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(path.resolve(io.cwd, args.scenarioFile), 'utf8').replace(/^\uFEFF/, ''));
    } catch (e) {
      fail(`cannot read scenario ${args.scenarioFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 2;
    }
    const parsed = parseScenario(raw);
    if (parsed.errors.length) {
      for (const err of parsed.errors) fail(`${args.scenarioFile}: ${err}`);
      return 2;
    }
    scenario = parsed.scenario;
  }
  if (args.macOS !== undefined) scenario = { ...scenario, macOS: args.macOS };

  const discovered = discoverFiles(args.inputs, io.cwd, preferenceDomainFiles);
  const errors = [...discovered.errors];
  const inputs: DeploymentInput[] = [];
  for (const file of discovered.files) {
    try {
      inputs.push({ documentId: displayPath(file, io.cwd), fileName: path.basename(file), bytes: fs.readFileSync(file) });
    } catch (e) {
      errors.push(`${displayPath(file, io.cwd)}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  for (const message of errors) fail(message);
  if (inputs.length === 0) return 2;

  const results: CheckResult[] = checkDeployment(inputs, { preferenceDomainFiles, targetMacOS, deviceAccessScep });
  const files = inputs.map((i) => i.documentId);
  let output: string;
  let failed: boolean;
  if (args.matrix) {
    const matrix = simulateMatrix(results, scenario);
    failed = matrix.timelines.some((t) => t.outcomeStatus === 'fails');
    output = args.format === 'json' ? `${JSON.stringify({ version: 1, files, matrix }, null, 2)}\n` : args.format === 'html' ? renderHtmlReport({ files, matrix }) : formatMatrixText(matrix, files);
  } else {
    const timeline = simulate(results, scenario);
    failed = timeline.outcomeStatus === 'fails';
    output = args.format === 'json' ? `${JSON.stringify({ version: 1, files, timeline }, null, 2)}\n` : args.format === 'html' ? renderHtmlReport({ files, timeline }) : formatTimelineText(timeline, files);
  }

  if (!writeReport(io, args.output, output, fail)) return 2;
  if (errors.length) return 2;
  return failed ? 1 : 0;
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
  return lines.map((l) => indent + l).join('\n');
}

/** For terminals: every step on one line; the explanation and the keys behind it under the steps that are not plain ok. */
export function formatTimelineText(t: Timeline, files: string[]): string {
  const out: string[] = [];
  out.push(`Deployment preview: ${describeScenario(t.scenario)} · Platform SSO ${t.psso}`);
  out.push(`Files: ${files.join(', ')}`, '');
  for (const s of t.steps) {
    const codes = s.relatedCodes.length ? `  [${s.relatedCodes.join(', ')}]` : '';
    out.push(`  ${MARK[s.status]}  ${s.title}${codes}`);
    if (s.status === 'ok') continue;
    out.push(wrap(s.explanation, 92, '        '));
    for (const d of s.drivers.filter((x) => x.cause)) {
      const where = d.range ? `${d.documentId}:${d.range.start.line + 1}:${d.range.start.character + 1}` : d.documentId;
      out.push(`        → ${where}${d.keyPath ? ` ${d.keyPath}` : ''}`);
    }
  }
  out.push('', `Outcome: ${t.outcome}`, '');
  return out.join('\n');
}

export function formatMatrixText(m: Matrix, files: string[]): string {
  const out: string[] = [];
  out.push(`Deployment preview across macOS ${m.versions.join(', ')}`, `Files: ${files.join(', ')}`, '');
  const width = Math.min(60, Math.max(...m.rows.map((r) => r.title.length), 8));
  const cell = (s: string | undefined) => (s ? MARK[s as Step['status']] : '—').padEnd(8);
  out.push(`    ${'Step'.padEnd(width)}  ${m.versions.map((v) => v.padEnd(8)).join('')}`);
  for (const r of m.rows) {
    const title = r.title.length > width ? `${r.title.slice(0, width - 1)}…` : r.title.padEnd(width);
    out.push(`${r.differs ? ' *  ' : '    '}${title}  ${r.statuses.map(cell).join('')}`);
  }
  out.push('', 'Where the versions differ (*), and why:');
  for (const r of m.rows.filter((x) => x.differs)) {
    out.push(`  ${r.title}`);
    for (const c of r.causes) out.push(wrap(c, 92, '      '));
  }
  out.push('', 'Outcomes:');
  m.timelines.forEach((t) => out.push(wrap(`macOS ${t.macOS}: ${t.outcome}`, 96, '  ')));
  out.push('');
  return out.join('\n');
}
