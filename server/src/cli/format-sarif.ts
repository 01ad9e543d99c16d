import * as path from '../node/path';
import { pathToFileURL } from 'url';
import { CODES, docsPath, type CodeInfo, type Range, type Severity } from '../core';
import { problemFingerprints } from './fingerprint';
import { rangeIn, type CheckedFile, type Report } from './report';

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: full rule metadata, URIs
 * relative to %SRCROOT%, 1-based regions and partial fingerprints so alerts
 * follow a finding across commits.
 */

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const TOOL_NAME = 'dps-profiles';
export const INFORMATION_URI = 'https://github.com/dps-profiles/dps-profiles';
/** Our own fingerprint key: GitHub keeps computing its line hash alongside it. */
export const FINGERPRINT_KEY = 'dpsProfilesFingerprint/v1';
const SRCROOT = '%SRCROOT%';

export type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

export function helpUri(code: string): string {
  return `${INFORMATION_URI}/blob/main/${docsPath(code)}`;
}

export interface SarifOptions {
  toolVersion: string;
  /** Absolute; the %SRCROOT% every relative URI resolves against. */
  cwd: string;
  /** Problems with the run itself (missing paths, unreadable files). */
  inputErrors: readonly string[];
}

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

function region(range: Range): SarifRegion {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** Relative paths inside the cwd become %SRCROOT%-relative URIs; anything else an absolute file URI. */
function artifactLocation(documentPath: string, cwd: string): { uri: string; uriBaseId?: string } {
  const outside = documentPath === '..' || documentPath.startsWith('../') || path.isAbsolute(documentPath) || /^[A-Za-z]:/.test(documentPath);
  if (outside) return { uri: pathToFileURL(path.resolve(cwd, documentPath)).href };
  return { uri: documentPath.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function ruleFor(info: CodeInfo) {
  const uri = helpUri(info.code);
  return {
    id: info.code,
    name: info.name,
    shortDescription: { text: info.summary },
    fullDescription: { text: info.summary },
    helpUri: uri,
    help: {
      text: `${info.summary} See ${uri}`,
      markdown: `${info.summary}\n\nSee [${info.code} (${info.name})](${uri}) for what it means and how to fix it.`,
    },
    defaultConfiguration: { level: sarifLevel(info.severity) },
    properties: { tags: [TOOL_NAME, info.group] },
  };
}

export function toSarif(report: Report, options: SarifOptions) {
  const rules = CODES.map(ruleFor);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const byPath = new Map<string, CheckedFile>(report.files.map((f) => [f.path, f]));
  const results: unknown[] = [];

  for (const file of report.files) {
    const fingerprints = problemFingerprints(file);
    for (const [i, p] of file.problems.entries()) {
      if (!ruleIndex.has(p.code)) {
        // A code missing from the catalog still needs a rule for the result to point at.
        rules.push(ruleFor({ code: p.code, name: p.code.toLowerCase(), group: 'syntax', severity: p.severity, summary: p.message }));
        ruleIndex.set(p.code, rules.length - 1);
      }
      const result: Record<string, unknown> = {
        ruleId: p.code,
        ruleIndex: ruleIndex.get(p.code),
        level: sarifLevel(p.severity),
        message: { text: p.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifactLocation(file.path, options.cwd),
              region: region(file.lineIndex.rangeOf(p.span)),
            },
            ...(p.keyPath !== undefined ? { logicalLocations: [{ fullyQualifiedName: p.keyPath, kind: 'member' }] } : {}),
          },
        ],
        partialFingerprints: { [FINGERPRINT_KEY]: fingerprints[i] },
      };
      if (p.related && p.related.length > 0) {
        result.relatedLocations = p.related.map((r, i) => {
          const range = rangeIn(byPath, r.documentId, r.span);
          return {
            id: i + 1,
            physicalLocation: {
              artifactLocation: artifactLocation(r.documentId, options.cwd),
              ...(range ? { region: region(range) } : {}),
            },
            message: { text: r.message },
          };
        });
      }
      results.push(result);
    }
  }

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: { uri: pathToFileURL(options.cwd).href.replace(/\/?$/, '/') },
        },
        invocations: [
          {
            executionSuccessful: options.inputErrors.length === 0,
            toolExecutionNotifications: options.inputErrors.map((text) => ({ level: 'error', message: { text } })),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(report: Report, options: SarifOptions): string {
  return JSON.stringify(toSarif(report, options), null, 2) + '\n';
}
