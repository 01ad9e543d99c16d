import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import {
  applySeverities,
  checkRun,
  deploymentOptionsOf,
  type DeploymentInput,
  type Problem,
  type DpsSettings,
  type LineIndex,
  type SeveritySetting,
} from '../core';
import { toDiagnostic } from './diagnostics';
import { baseNameOfUri } from './document-filter';
import type { FileProvider, SignedProfiles } from './host';
import { describeError } from './log';

/**
 * The whole workspace, not only open editors: after `initialized` (and again
 * after files change on disk) the profiles of every workspace folder are read,
 * checked per folder (one deployment each, as in the CLI), then across all of
 * them (identifier, UUID and SSO URL collisions). Closed files get their
 * diagnostics published from here; open files keep the server's live check,
 * plus the cross-workspace problems that still match their text.
 */

const RESCAN_DELAY_MS = 500;

export interface WorkspaceScanHost {
  /** Workspace folder URIs. */
  folders(): Promise<string[]>;
  files: FileProvider;
  signed: SignedProfiles;
  settings(): Promise<DpsSettings>;
  /** The project config's per-path severities for a file (`overrides`), applied to its result as the CLI does. */
  pathSeverity(uri: string): Promise<Record<string, SeveritySetting> | undefined>;
  /** Text of an open editor for this file URI, if any. */
  openText(uri: string): string | undefined;
  publish(params: PublishDiagnosticsParams): void;
  extensionRoot: string;
  relatedInformation(): boolean;
  log(message: string): void;
}

interface Scanned {
  /** The URI diagnostics go to: the file, or its `dps-signed:` view. */
  uri: string;
  text: string;
  problems: Problem[];
  lineIndex: LineIndex;
}

export class WorkspaceScan {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private generation = 0;
  /** Last scan: problems per published URI. */
  private scanned = new Map<string, Scanned>();
  /** Cross-workspace problems (DPS21x) per file URI, for open documents. */
  private crossProblems = new Map<string, { text: string; problems: Problem[] }>();
  private readonly publishedByScan = new Set<string>();
  /** What the scan last published per URI (as JSON), so a rescan sends only the diagnostics that changed. */
  private readonly lastPublished = new Map<string, string>();
  /** Line indexes of the last scan's files, for related locations. */
  private lineIndexes = new Map<string, LineIndex>();

  constructor(private readonly host: WorkspaceScanHost) {}

  /** Debounced: bursts of watcher events or saves cause one scan. */
  schedule(delayMs = RESCAN_DELAY_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const generation = ++this.generation;
      this.running = this.running.then(() => this.scan(generation)).catch((e: unknown) => this.host.log(`Workspace scan failed: ${describeError(e)}`));
    }, delayMs);
  }

  /** Resolves when the scans scheduled so far are done (tests, shutdown). */
  idle(): Promise<void> {
    return this.running;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.generation++;
  }

  /** Cross-workspace problems for an open document, if its text is the one that was scanned. */
  problemsFor(uri: string, text: string): Problem[] {
    const entry = this.crossProblems.get(uri);
    return entry && entry.text === text ? entry.problems : [];
  }

  /** An editor closed: the file is a closed file again, so its scan diagnostics come back. */
  documentClosed(uri: string): void {
    // The live check published for it meanwhile: what the scan sent last is no longer on screen.
    this.lastPublished.delete(uri);
    const entry = this.scanned.get(uri);
    if (entry) this.publishScanned(entry);
  }

  private async scan(generation: number): Promise<void> {
    const settings = await this.host.settings();
    const folders = await this.host.folders();
    const found = await this.host.files.findProfiles(folders, settings.preferenceDomainFiles);
    if (generation !== this.generation) return;

    const inputs: DeploymentInput[] = [];
    const publishUri = new Map<string, string>();
    for (const uri of found.uris) {
      const fileName = baseNameOfUri(uri);
      const open = this.host.openText(uri);
      if (open !== undefined) {
        inputs.push({ documentId: uri, fileName, text: open });
        publishUri.set(uri, uri);
        continue;
      }
      const bytes = await this.host.files.readFile(uri);
      if (!bytes) continue;
      const signed = await this.host.signed.unwrap(bytes);
      if (signed) {
        // A signed file's problems point into its embedded XML: they belong to the read-only view.
        inputs.push({ documentId: uri, fileName, bytes, signature: signed.verdict });
        publishUri.set(uri, this.host.signed.signedUriOf(uri));
      } else {
        inputs.push({ documentId: uri, fileName, bytes });
        publishUri.set(uri, uri);
      }
    }
    if (generation !== this.generation) return;

    const { results, across } = checkRun(inputs, {
      ...deploymentOptionsOf(settings),
      grouping: settings.deploymentScope === 'file' ? 'file' : 'folder',
      onError: (ids, e) => this.host.log(`Checking ${ids.join(', ')} failed: ${e instanceof Error ? e.message : String(e)}`),
    });
    this.crossProblems = new Map([...across].map(([uri, problems]) => [uri, { text: results.find((r) => r.documentId === uri)?.text ?? '', problems }]));
    if (generation !== this.generation) return;

    const next = new Map<string, Scanned>();
    for (const result of results) {
      const uri = publishUri.get(result.documentId) ?? result.documentId;
      const pathSeverity = await this.host.pathSeverity(result.documentId);
      const problems = pathSeverity ? applySeverities(result.problems, pathSeverity) : result.problems;
      next.set(uri, { uri, text: result.text, problems, lineIndex: result.lineIndex });
    }
    if (generation !== this.generation) return;
    this.scanned = next;
    this.lineIndexes = new Map([...next.values()].map((s) => [s.uri, s.lineIndex]));
    for (const uri of [...this.publishedByScan]) {
      if (!next.has(uri) && this.host.openText(uri) === undefined) {
        this.host.publish({ uri, diagnostics: [] });
        this.publishedByScan.delete(uri);
        this.lastPublished.delete(uri);
      }
    }
    for (const entry of next.values()) {
      // Open editors are published by the live check (which adds the cross-workspace problems).
      if (this.host.openText(entry.uri) === undefined) this.publishScanned(entry);
      else this.lastPublished.delete(entry.uri);
    }
    this.host.log(
      `Workspace scan: ${results.length} profile(s) in ${folders.length} folder(s)${found.truncated ? ` (stopped at ${found.uris.length} files)` : ''}.`,
    );
  }

  /** Publish a closed file's diagnostics, unless they are the ones the scan published last for it. */
  private publishScanned(entry: Scanned): void {
    const diagnostics: Diagnostic[] = entry.problems.map((problem) =>
      toDiagnostic(problem, {
        uri: entry.uri,
        lineIndex: entry.lineIndex,
        extensionRoot: this.host.extensionRoot,
        relatedInformation: this.host.relatedInformation(),
        lineIndexOf: (other) => this.lineIndexes.get(other),
      }),
    );
    this.publishedByScan.add(entry.uri);
    const json = JSON.stringify(diagnostics);
    if (this.lastPublished.get(entry.uri) === json) return;
    this.lastPublished.set(entry.uri, json);
    this.host.publish({ uri: entry.uri, diagnostics });
  }
}
