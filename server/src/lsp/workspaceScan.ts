import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { checkDeployment, checkWorkspace, mergeWorkspaceProblems, type CheckResult, type DeploymentInput, type Problem } from '../core';
import type { DpsSettings } from '../core/settings';
import { LineIndex } from '../core/text';
import { signedUriOf, unwrapSigned } from '../node/signed';
import { isProfileFile } from './deploymentIndex';
import { toDiagnostic } from './diagnostics';

/**
 * The whole workspace, not only open editors: after `initialized` (and again
 * after files change on disk) the profiles of every workspace folder are read,
 * checked per folder (one deployment each, as in the CLI), then across all of
 * them (identifier, UUID and SSO URL collisions). Closed files get their
 * diagnostics published from here; open files keep the server's live check,
 * plus the cross-workspace problems that still match their text.
 */

export const MAX_SCAN_FILES = 2000;
export const MAX_SCAN_FILE_BYTES = 5 * 1024 * 1024;
const SKIPPED = new Set(['node_modules', '.git']);
const RESCAN_DELAY_MS = 500;

export interface WorkspaceScanHost {
  folders(): Promise<string[]>;
  settings(): Promise<DpsSettings>;
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

  constructor(private readonly host: WorkspaceScanHost) {}

  /** Debounced: bursts of watcher events or saves cause one scan. */
  schedule(delayMs = RESCAN_DELAY_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const generation = ++this.generation;
      this.running = this.running.then(() => this.scan(generation)).catch((e: unknown) => this.host.log(`Workspace scan failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
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
    const entry = this.scanned.get(uri);
    if (entry) this.publishScanned(entry);
  }

  private async scan(generation: number): Promise<void> {
    const settings = await this.host.settings();
    const folders = await this.host.folders();
    const files = findProfiles(folders, settings.preferenceDomainFiles);
    if (generation !== this.generation) return;

    const inputs: DeploymentInput[] = [];
    const publishUri = new Map<string, string>();
    for (const file of files) {
      const uri = pathToFileURL(file).href;
      const open = this.host.openText(uri);
      if (open !== undefined) {
        inputs.push({ documentId: uri, fileName: path.basename(file), text: open });
        publishUri.set(uri, uri);
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch {
        continue;
      }
      const signed = await unwrapSigned(bytes);
      if (signed) {
        // A signed file's problems point into its embedded XML: they belong to the read-only view.
        inputs.push({ documentId: uri, fileName: path.basename(file), bytes, signature: signed.verdict });
        publishUri.set(uri, signedUriOf(uri));
      } else {
        inputs.push({ documentId: uri, fileName: path.basename(file), bytes });
        publishUri.set(uri, uri);
      }
    }
    if (generation !== this.generation) return;

    const groups = new Map<string, DeploymentInput[]>();
    for (const input of inputs) {
      const key = settings.deploymentScope === 'file' ? input.documentId : path.dirname(fileURLToPath(input.documentId));
      const group = groups.get(key);
      if (group) group.push(input);
      else groups.set(key, [input]);
    }
    const options = { severities: settings.severity, preferenceDomainFiles: settings.preferenceDomainFiles, targetMacOS: settings.targetMacOS, deviceAccessScep: settings.deviceAccessScep };
    const results: CheckResult[] = [];
    for (const group of groups.values()) {
      try {
        results.push(...checkDeployment(group, options));
      } catch (e) {
        this.host.log(`Checking ${group.map((g) => g.documentId).join(', ')} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const cross = settings.deploymentScope === 'file' ? new Map<string, Problem[]>() : checkWorkspace(results, settings.severity);
    this.crossProblems = new Map([...cross].map(([uri, problems]) => [uri, { text: results.find((r) => r.documentId === uri)?.text ?? '', problems }]));
    mergeWorkspaceProblems(results, cross);
    if (generation !== this.generation) return;

    const next = new Map<string, Scanned>();
    for (const result of results) {
      const uri = publishUri.get(result.documentId) ?? result.documentId;
      next.set(uri, { uri, text: result.text, problems: result.problems, lineIndex: result.lineIndex });
    }
    this.scanned = next;
    for (const uri of [...this.publishedByScan]) {
      if (!next.has(uri) && this.host.openText(uri) === undefined) {
        this.host.publish({ uri, diagnostics: [] });
        this.publishedByScan.delete(uri);
      }
    }
    for (const entry of next.values()) {
      // Open editors are published by the live check (which adds the cross-workspace problems).
      if (this.host.openText(entry.uri) === undefined) this.publishScanned(entry);
    }
    this.host.log(`Workspace scan: ${results.length} profile(s) in ${folders.length} folder(s)${files.length >= MAX_SCAN_FILES ? ` (stopped at ${MAX_SCAN_FILES} files)` : ''}.`);
  }

  private publishScanned(entry: Scanned): void {
    const lineIndexes = new Map([...this.scanned.values()].map((s) => [s.uri, s.lineIndex]));
    const diagnostics: Diagnostic[] = entry.problems.map((problem) =>
      toDiagnostic(problem, {
        uri: entry.uri,
        lineIndex: entry.lineIndex,
        extensionRoot: this.host.extensionRoot,
        relatedInformation: this.host.relatedInformation(),
        lineIndexOf: (other) => lineIndexes.get(other),
      }),
    );
    this.publishedByScan.add(entry.uri);
    this.host.publish({ uri: entry.uri, diagnostics });
  }
}

/** Profile files under the folders, skipping node_modules and .git, at most MAX_SCAN_FILES, none larger than MAX_SCAN_FILE_BYTES. */
export function findProfiles(folders: readonly string[], preferenceDomainFiles: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    if (out.length >= MAX_SCAN_FILES) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (out.length >= MAX_SCAN_FILES) return;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED.has(e.name)) visit(full);
      } else if (e.isFile() && isProfileFile(e.name, preferenceDomainFiles)) {
        try {
          if (fs.statSync(full).size <= MAX_SCAN_FILE_BYTES) out.push(full);
        } catch {
          // vanished meanwhile
        }
      }
    }
  };
  for (const folder of folders) visit(folder);
  return out;
}
