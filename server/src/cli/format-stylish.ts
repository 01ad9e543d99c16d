import type { Severity } from '../core';
import { escapeControl } from './escape';
import type { FormatContext } from './formats';
import type { Report } from './report';

/** ANSI styling that collapses to plain text when colour is off. */
function palette(color: boolean) {
  const wrap = (open: number, close: number) => (s: string) => (color ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    underline: wrap(4, 24),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    blue: wrap(34, 39),
    green: wrap(32, 39),
  };
}

/** The longest length, in a loop: spreading 100,000 rows into Math.max overflows the call stack. */
function maxLength(values: readonly string[]): number {
  let max = 0;
  for (const v of values) if (v.length > max) max = v.length;
  return max;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Human output: a header per file with problems, one line per problem
 * (`path:line:col` is 1-based so terminals and editors can jump to it), and a
 * summary line last.
 */
export function formatStylish(
  report: Report,
  { color, inputErrors = [], quiet }: Pick<FormatContext, 'color'> & Partial<Pick<FormatContext, 'inputErrors' | 'quiet'>>,
): string {
  const c = palette(color);
  const severityStyle: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.blue, hint: c.dim };
  const out: string[] = [];
  for (const file of report.files) {
    if (file.problems.length === 0) continue;
    const rows = file.problems.map((p) => {
      const pos = file.lineIndex.positionAt(p.span.start);
      return {
        location: `${escapeControl(file.path)}:${pos.line + 1}:${pos.character + 1}`,
        severity: p.severity,
        message: escapeControl(p.message.replace(/\s*\r?\n\s*/g, ' ')),
        code: p.code,
      };
    });
    const locationWidth = maxLength(rows.map((r) => r.location));
    const severityWidth = maxLength(rows.map((r) => r.severity));
    const shown = escapeControl(file.path);
    out.push(
      file.signed
        ? `${c.underline(shown)}  ${c.dim(`(signed by "${escapeControl(file.signed.signer?.subject ?? 'an unknown signer')}"; positions are in the embedded XML)`)}`
        : c.underline(shown),
    );
    for (const r of rows) {
      const location = r.location.padEnd(locationWidth);
      const severity = severityStyle[r.severity](r.severity.padEnd(severityWidth));
      out.push(`  ${c.dim(location)}  ${severity}  ${r.message}  ${c.dim(r.code)}`);
    }
    out.push('');
  }
  if (report.deployments && report.deployments.length > 1) {
    // One line per folder (deployment), unindented so it never reads as a problem line.
    const folders = report.deployments.map((d) => escapeControl(d.folder));
    const width = maxLength(folders);
    report.deployments.forEach((d, i) => {
      const counts = `${plural(d.files, 'file')}: ${plural(d.errors, 'error')}, ${plural(d.warnings, 'warning')}, ${plural(d.infos, 'info')}`;
      const style = d.errors > 0 ? c.red : d.warnings > 0 ? c.yellow : c.green;
      out.push(`${c.dim('deployment')} ${folders[i].padEnd(width)}  ${style(counts)}`);
    });
    out.push('');
  }
  const s = report.summary;
  const problems = s.errors + s.warnings + s.infos;
  if (problems === 0 && inputErrors.length > 0) {
    // Exit code 2: never the green line, some inputs were not checked at all.
    out.push(
      c.bold(c.red(`✖ ${plural(s.files, 'file')} checked without problems, but ${plural(inputErrors.length, 'input')} could not be checked (see above)`)),
    );
  } else if (problems === 0 && quiet?.overLimit) {
    // Exit code 1: never the green line when the warnings --quiet left out exceed --max-warnings.
    out.push(
      c.bold(
        c.yellow(`✖ ${plural(s.files, 'file')} checked, no errors, but ${plural(quiet.hiddenWarnings, 'warning')} (not listed: --quiet) exceed --max-warnings`),
      ),
    );
  } else if (problems === 0 && quiet && quiet.hiddenWarnings > 0) {
    out.push(c.green(`✔ ${plural(s.files, 'file')} checked, no errors (${plural(quiet.hiddenWarnings, 'warning')} not listed: --quiet)`));
  } else if (problems === 0) {
    out.push(c.green(`✔ ${plural(s.files, 'file')} checked, no problems`));
  } else {
    const hidden = quiet && quiet.hiddenWarnings > 0 ? `; ${plural(quiet.hiddenWarnings, 'warning')} not listed: --quiet` : '';
    const line = `✖ ${plural(problems, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}${hidden})`;
    out.push(c.bold(s.errors > 0 ? c.red(line) : c.yellow(line)));
    out.push(c.dim(nextStep(report)));
  }
  return out.join('\n') + '\n';
}

/** The last line after problems: what to try next, from what this run found. */
function nextStep(report: Report): string {
  const all = report.files.flatMap((f) => f.problems);
  const fixable = all.filter((p) => p.fixes?.some((f) => f.safe)).length;
  const first = all.find((p) => p.severity === 'error') ?? all[0];
  const steps = [
    ...(fixable > 0 ? [`\`--fix\` applies ${fixable} safe fix${fixable === 1 ? '' : 'es'}`] : []),
    `docs/rules/${first.code}.md explains ${first.code} (every code has a page)`,
    '`dps-profiles simulate <folder>` shows what a Mac does with a deployment',
  ];
  return `Next: ${steps.join('; ')}.`;
}
