import type { Severity } from '../core';
import type { FormatContext } from './formats';
import { escapeControl } from './escape';
import { escapeXml as escapeXmlOnly } from './format-junit';

/** File names and messages: control characters made visible (CI logs show this XML), then XML-escaped. */
const escapeXml = (value: string): string => escapeXmlOnly(escapeControl(value));
import type { Report } from './report';

/**
 * Checkstyle XML, which Jenkins (warnings-ng), reviewdog (`-f=checkstyle`), SonarQube and many CI
 * dashboards read: <checkstyle><file name><error line column severity message source/></file></checkstyle>.
 * Lines and columns are 1-based; the source is the code, as checkstyle names a check.
 */

const SEVERITY: Record<Severity, 'error' | 'warning' | 'info'> = { error: 'error', warning: 'warning', info: 'info', hint: 'info' };

export function formatCheckstyle(report: Report, { inputErrors = [] }: Partial<Pick<FormatContext, 'inputErrors'>> = {}): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const file of report.files) {
    out.push(`  <file name="${escapeXml(file.path)}">`);
    for (const p of file.problems) {
      const { line, character } = file.lineIndex.positionAt(p.span.start);
      out.push(
        `    <error line="${line + 1}" column="${character + 1}" severity="${SEVERITY[p.severity]}" message="${escapeXml(p.message)}" source="dps-profiles.${p.code}"/>`,
      );
    }
    out.push('  </file>');
  }
  // Inputs that could not be read: an error on a file of their own name, so the run's failure shows.
  for (const message of inputErrors)
    out.push(
      `  <file name="${escapeXml(message.split(':')[0])}">`,
      `    <error line="1" severity="error" message="${escapeXml(message)}" source="dps-profiles.input"/>`,
      '  </file>',
    );
  out.push('</checkstyle>');
  return out.join('\n') + '\n';
}
