import type { Diagnostic } from 'vscode-languageserver';
import { CONFIG_FILE_NAME, LineIndex } from '../../core';
import { toDiagnostic } from '../diagnostics';
import { Superseded, type Session } from '../session';

const CHANGE_DELAY_MS = 150;

/**
 * How long an edit waits for a pause in typing before its check: the debounce, plus the document's last parse time
 * when that exceeds the debounce. The parse runs on the one thread that also answers completion, so a check of a big
 * profile whose parse takes longer than the pause between keystrokes would make the next keystroke's requests wait
 * for it (VS Code's TypeScript support likewise waits longer before the diagnostics of bigger files).
 */
export function changeDelayMs(lastParseMs: number | undefined): number {
  return lastParseMs !== undefined && lastParseMs > CHANGE_DELAY_MS ? CHANGE_DELAY_MS + lastParseMs : CHANGE_DELAY_MS;
}

/**
 * Diagnostics: when documents open, change, are saved or closed, when files
 * change on disk and when the settings change, check (debounced) and publish.
 */
export class ValidationHandler {
  private readonly pendingChecks = new Map<string, NodeJS.Timeout>();
  /** Open events also fire a content change; the open itself is checked right away. */
  private readonly justOpened = new Set<string>();

  constructor(private readonly session: Session) {}

  register(): void {
    const { connection, documents, settings, scan } = this.session;
    connection.onDidChangeConfiguration((change) => {
      settings.changed(change.settings);
      this.revalidateAll();
      scan.schedule();
      // `dpsProfiles.inlayHints.enabled` may have changed: hints on screen follow at once, not at the next edit.
      if (this.session.refreshesInlayHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
    });

    documents.onDidOpen(({ document }) => {
      this.session.deployments.invalidate(document.uri);
      this.justOpened.add(document.uri);
      this.cancelPending(document.uri);
      this.validateSoon(document.uri);
      this.revalidateSiblings(document.uri);
    });

    documents.onDidChangeContent(({ document }) => {
      if (this.justOpened.delete(document.uri)) return;
      void settings.for(document.uri).then((current) => {
        if (current.validate === 'onType') {
          this.scheduleCheck(document.uri, changeDelayMs(this.session.analyses.lastParseMs(document.uri)));
          this.revalidateSiblings(document.uri);
        }
      });
    });

    documents.onDidSave(({ document }) => {
      this.session.deployments.invalidate(document.uri);
      scan.schedule();
      this.cancelPending(document.uri);
      this.validateSoon(document.uri);
      this.revalidateSiblings(document.uri);
    });

    // Profiles changed on disk (git checkout, another tool): the deployments that hold them change too.
    connection.onDidChangeWatchedFiles(({ changes }) => {
      scan.schedule();
      // A project config file changed: every document's settings may have.
      if (changes.some((change) => typeof change?.uri === 'string' && change.uri.endsWith('/' + CONFIG_FILE_NAME))) {
        settings.projectChanged();
        this.revalidateAll();
      }
      for (const change of changes) {
        if (!change || typeof change.uri !== 'string') continue;
        this.session.deployments.invalidate(change.uri);
        const folder = this.session.deployments.folderOf(change.uri);
        for (const d of documents.all()) if (this.session.deployments.folderOf(d.uri) === folder) this.scheduleCheck(d.uri, CHANGE_DELAY_MS);
      }
    });

    documents.onDidClose(({ document }) => {
      const uri = document.uri;
      this.cancelPending(uri);
      this.justOpened.delete(uri);
      this.session.forget(uri);
      this.session.deployments.invalidate(uri);
      settings.forget(uri);
      this.session.published.delete(uri);
      this.session.publish({ uri, diagnostics: [] });
      scan.documentClosed(uri);
      this.revalidateSiblings(uri);
    });
  }

  dispose(): void {
    for (const uri of [...this.pendingChecks.keys()]) this.cancelPending(uri);
  }

  private validateSoon(uri: string): void {
    this.validate(uri).catch((error: unknown) => this.session.error(`Checking ${uri} failed`, error));
  }

  private cancelPending(uri: string): void {
    const timer = this.pendingChecks.get(uri);
    if (timer) clearTimeout(timer);
    this.pendingChecks.delete(uri);
  }

  private scheduleCheck(uri: string, delayMs: number): void {
    this.cancelPending(uri);
    this.pendingChecks.set(
      uri,
      setTimeout(() => {
        this.pendingChecks.delete(uri);
        this.validateSoon(uri);
      }, delayMs),
    );
  }

  /** Check the document's current version and publish, unless a newer version or newer settings came in meanwhile. */
  private async validate(uri: string): Promise<void> {
    const session = this.session;
    const opened = session.documents.get(uri);
    if (!opened) return;
    const generation = session.settings.generation;
    const settings = await session.settings.for(uri);
    const document = session.documents.get(uri);
    if (!document || document.version !== opened.version || generation !== session.settings.generation) return;

    if (!session.serves(document, settings)) {
      if (session.published.delete(uri)) session.publish({ uri, diagnostics: [] });
      return;
    }

    let diagnostics: Diagnostic[];
    const started = performance.now();
    try {
      const { result, lineIndexOf } = await session.checkDocument(document, settings, () => session.documents.get(uri)?.version === document.version);
      if (session.documents.get(uri)?.version !== document.version) return;
      const context = {
        uri,
        lineIndex: result.lineIndex,
        extensionRoot: session.extensionRoot,
        relatedInformation: session.relatedInformation,
        version: document.version,
        lineIndexOf: (other: string) => {
          const open = session.documents.get(other);
          return lineIndexOf(other) ?? (open ? new LineIndex(open.getText()) : undefined);
        },
      };
      diagnostics = [...result.problems, ...session.scan.problemsFor(uri, document.getText())].map((problem) => toDiagnostic(problem, context));
    } catch (error) {
      if (error instanceof Superseded) return;
      // A bug in the core must not take the server down; keep what is on screen.
      session.error(`Checking ${uri} (version ${document.version}) failed`, error);
      return;
    }
    session.published.add(uri);
    session.publish({ uri, version: document.version, diagnostics });
    if (session.timing) session.log(`timing: checked ${uri} version ${document.version} in ${(performance.now() - started).toFixed(2)} ms`);
  }

  /** Other open documents of the same folder: their cross-file problems may have changed. */
  private revalidateSiblings(uri: string): void {
    const folder = this.session.deployments.folderOf(uri);
    if (!folder) return;
    for (const d of this.session.documents.all()) {
      if (d.uri !== uri && this.session.deployments.folderOf(d.uri) === folder) this.scheduleCheck(d.uri, CHANGE_DELAY_MS);
    }
  }

  private revalidateAll(): void {
    for (const document of this.session.documents.all()) {
      this.cancelPending(document.uri);
      this.validateSoon(document.uri);
    }
  }
}
