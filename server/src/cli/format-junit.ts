import { codeInfo } from '../core';
import { escapeControl } from './escape';
import type { FormatContext } from './formats';
import type { Report } from './report';

/**
 * JUnit XML for CI systems that read test reports: one <testsuite> per file,
 * one <testcase> per problem (errors and warnings fail, infos and hints pass
 * with the message as output), and one passing <testcase> for a clean file.
 */

/** XML 1.0 text and attribute escaping; characters XML cannot hold at all are dropped. */
export function escapeXml(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Text from files in the report: control characters made visible (a CI log shows the XML's text), then XML-escaped. */
function xml(value: string): string {
  return escapeXml(escapeControl(value));
}

export function formatJunit(report: Report, { inputErrors }: Pick<FormatContext, 'inputErrors'>): string {
  const suites: string[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  for (const file of report.files) {
    const cases: string[] = [];
    let failures = 0;
    const classname = xml(file.path);
    for (const p of file.problems) {
      const { start } = file.lineIndex.rangeOf(p.span);
      const where = `${file.path}:${start.line + 1}:${start.character + 1}`;
      const name = xml([p.code, codeInfo(p.code)?.name, `at ${start.line + 1}:${start.character + 1}`].filter(Boolean).join(' '));
      if (p.severity === 'error' || p.severity === 'warning') {
        failures++;
        cases.push(
          `    <testcase classname="${classname}" name="${name}">\n` +
            `      <failure type="${p.severity}" message="${xml(p.message)}">${xml(`${where} ${p.severity} ${p.code}: ${p.message}`)}</failure>\n` +
            `    </testcase>`,
        );
      } else {
        cases.push(
          `    <testcase classname="${classname}" name="${name}">\n      <system-out>${xml(`${where} ${p.severity} ${p.code}: ${p.message}`)}</system-out>\n    </testcase>`,
        );
      }
    }
    if (file.problems.length === 0) cases.push(`    <testcase classname="${classname}" name="no problems"/>`);
    totalTests += cases.length;
    totalFailures += failures;
    suites.push(`  <testsuite name="${classname}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  if (inputErrors.length > 0) {
    // Inputs that could not be read are errors of the run, reported as their own suite.
    const cases = inputErrors.map((m) => `    <testcase classname="dps-profiles" name="${xml(m)}">\n      <error message="${xml(m)}"/>\n    </testcase>`);
    totalTests += cases.length;
    suites.push(
      `  <testsuite name="dps-profiles inputs" tests="${cases.length}" failures="0" errors="${cases.length}" skipped="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="dps-profiles" tests="${totalTests}" failures="${totalFailures}" errors="${inputErrors.length}">\n` +
    (suites.length ? suites.join('\n') + '\n' : '') +
    `</testsuites>\n`
  );
}
