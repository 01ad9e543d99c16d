import type { CodeLens, CodeLensParams, DocumentLink, DocumentLinkParams, InlayHint, InlayHintParams } from 'vscode-languageserver';
import { codeLenses, documentLinks, inlayHints, type OtherDocumentProblems } from '../../core';
import type { FeatureContext } from '../features';
import type { Session } from '../session';

/**
 * Inlay hints (durations, Key Usage names, the org host of SSO URLs; setting
 * `dpsProfiles.inlayHints.enabled`), code lenses above Extensible SSO payloads
 * (preview on a macOS version, problems in the other files of the deployment)
 * and document links for the SSO URLs. The core computes them
 * (`core/features/inlay-hints.ts`, `code-lens.ts`, `document-links.ts`); this
 * handler converts offsets to positions.
 */
export class EditorExtrasHandler {
  /** The other members' problems, computed once per check result of a document. */
  // Per deployment check: a new check of any member makes a new deployment object.
  private readonly elsewhere = new WeakMap<object, Promise<OtherDocumentProblems[]>>();

  constructor(private readonly session: Session) {}

  register(): void {
    const { connection } = this.session;
    connection.languages.inlayHint.on((params) => this.inlayHints(params));
    connection.onCodeLens((params) => this.codeLenses(params));
    connection.onDocumentLinks((params) => this.documentLinks(params));
  }

  async inlayHints(params: InlayHintParams): Promise<InlayHint[]> {
    const uri = params.textDocument.uri;
    const settings = await this.session.settings.for(uri);
    if (settings.inlayHints?.enabled === false) return [];
    const ctx = await this.session.featureContext(uri);
    if (!ctx) return [];
    const lines = ctx.parsed.lineIndex;
    const range = { start: lines.offsetAt(params.range.start), end: lines.offsetAt(params.range.end) };
    return inlayHints(ctx.parsed.document, { range, orgHost: ctx.deployment.orgHost }).map((h) => ({
      position: lines.positionAt(h.offset),
      label: h.label,
      tooltip: h.tooltip,
      paddingLeft: true,
    }));
  }

  async codeLenses(params: CodeLensParams): Promise<CodeLens[]> {
    const ctx = await this.session.featureContext(params.textDocument.uri);
    if (!ctx) return [];
    const others = ctx.deploymentDocuments.length > 1 ? await this.otherProblems(ctx) : [];
    return codeLenses(ctx.parsed.document, others).map((l) => ({
      range: ctx.parsed.lineIndex.rangeOf(l.span),
      command: { title: l.title, command: l.command, arguments: l.arguments },
    }));
  }

  async documentLinks(params: DocumentLinkParams): Promise<DocumentLink[]> {
    const ctx = await this.session.featureContext(params.textDocument.uri);
    if (!ctx) return [];
    return documentLinks(ctx.parsed.document).map((l) => ({ range: ctx.parsed.lineIndex.rangeOf(l.span), target: l.target, tooltip: `Open ${l.target}` }));
  }

  private otherProblems(ctx: FeatureContext): Promise<OtherDocumentProblems[]> {
    let found = this.elsewhere.get(ctx.deployment);
    if (!found) {
      found = (async () => {
        const settings = await this.session.settings.for(ctx.uri);
        const members = await this.session.membersOf(ctx.document, settings);
        return this.session
          .checkMembers(members, settings)
          .filter((r) => r.documentId !== ctx.uri)
          .map((r) => ({ documentId: r.documentId, problems: r.problems }));
      })().catch((error: unknown) => {
        this.session.error(`Checking the deployment of ${ctx.uri} for its code lens failed`, error);
        return [];
      });
      this.elsewhere.set(ctx.deployment, found);
    }
    return found;
  }
}
