import { codeInfo, type Severity } from '../core';
import type { FormatContext } from './formats';
import { problemFingerprints } from './fingerprint';
import type { Report } from './report';

/**
 * GitLab Code Quality (a subset of the Code Climate spec): a JSON array of issues with a description,
 * check_name, a fingerprint unique per issue and stable across commits, a severity, and the location
 * (path relative to the repository, 1-based lines). Upload it as `artifacts:reports:codequality`.
 */

const SEVERITY: Record<Severity, 'blocker' | 'critical' | 'major' | 'minor' | 'info'> = { error: 'major', warning: 'minor', info: 'info', hint: 'info' };

export function formatGitlab(report: Report, _context?: Partial<FormatContext>): string {
  const issues = report.files.flatMap((file) => {
    const fingerprints = problemFingerprints(file);
    return file.problems.map((p, i) => {
      const range = file.lineIndex.rangeOf(p.span);
      const name = codeInfo(p.code)?.name;
      return {
        type: 'issue',
        check_name: name ? `${p.code} ${name}` : p.code,
        description: p.message,
        categories: ['Bug Risk'],
        // The path is part of the identity: two files with the same finding are two issues.
        fingerprint: `${file.path}:${fingerprints[i]}`,
        severity: SEVERITY[p.severity],
        location: { path: file.path, lines: { begin: range.start.line + 1, end: range.end.line + 1 } },
      };
    });
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
}
