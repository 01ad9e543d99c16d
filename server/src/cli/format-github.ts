import { codeInfo, type Severity } from '../core';
import { escapeControl } from './escape';
import type { FormatContext } from './formats';
import type { Report } from './report';

/**
 * GitHub Actions workflow commands: one `::error …::message` line per problem,
 * which the runner turns into annotations on the pull request without SARIF.
 * Escaping follows the runner's rules: data escapes %, \r and \n; property
 * values also escape : and , (they separate properties).
 */

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

export function escapeData(value: string): string {
  // The runner's rules first; then no other control character (ESC, C1, U+2028) reaches the log raw either.
  return escapeControl(value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(report: Report, { inputErrors }: Pick<FormatContext, 'inputErrors'>): string {
  const out: string[] = [];
  for (const file of report.files) {
    for (const p of file.problems) {
      const range = file.lineIndex.rangeOf(p.span);
      const name = codeInfo(p.code)?.name;
      const properties = [
        `file=${escapeProperty(file.path)}`,
        `line=${range.start.line + 1}`,
        `col=${range.start.character + 1}`,
        `endLine=${range.end.line + 1}`,
        `endColumn=${range.end.character + 1}`,
        `title=${escapeProperty(name ? `${p.code} ${name}` : p.code)}`,
      ];
      out.push(`::${COMMAND[p.severity]} ${properties.join(',')}::${escapeData(p.message)}`);
    }
  }
  for (const message of inputErrors) out.push(`::error title=dps-profiles::${escapeData(message)}`);
  const s = report.summary;
  out.push(`dps-profiles: ${s.files} file(s) checked, ${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info(s)`);
  return out.join('\n') + '\n';
}
