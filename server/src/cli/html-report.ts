import { renderReportHtml, type ReportInput } from '../core';

/**
 * The CLI's HTML report: one self-contained file (inline CSS, no script,
 * nothing remote). The markup itself comes from the core's renderer, which the
 * VS Code webview shares, so the escaping of profile content is one piece of code.
 */
export function renderHtmlReport(input: ReportInput): string {
  return renderReportHtml(input);
}
