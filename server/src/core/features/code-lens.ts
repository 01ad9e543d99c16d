import type { ProfileDocument } from '../model';
import type { Span } from '../plist/ast';
import type { Problem } from '../problem';

/**
 * Code lenses above each Extensible SSO payload: open the deployment preview
 * on macOS 14, 15 or 26, and — when cross-file rules report problems in the
 * other files of this deployment — how many, so they are not missed.
 */

/** The macOS versions a lens previews (the PSSO 2.0 baseline, the current release, the newest). */
export const PREVIEW_MACOS_VERSIONS = ['14', '15', '26'] as const;

/** The client command that opens the preview; its argument is `{ uri, macOS }`. */
export const SHOW_PREVIEW_COMMAND = 'dpsProfiles.showPreview';
/** VS Code's own command that shows the Problems panel. */
export const SHOW_PROBLEMS_COMMAND = 'workbench.actions.view.problems';

export interface CodeLensSpec {
  span: Span;
  title: string;
  command: string;
  arguments?: unknown[];
}

/** Problems of the other documents of a deployment, for the "problems in other files" lens. */
export interface OtherDocumentProblems {
  documentId: string;
  problems: readonly Problem[];
}

/** Problems in the other files that a deployment-wide (DPS4xx–6xx) rule reports. */
export function crossFileProblemCount(documentId: string, others: readonly OtherDocumentProblems[]): number {
  let n = 0;
  for (const other of others) {
    if (other.documentId === documentId) continue;
    for (const p of other.problems) if (/^DPS[456]\d\d$/.test(p.code)) n++;
  }
  return n;
}

export function codeLenses(doc: ProfileDocument, others: readonly OtherDocumentProblems[] = []): CodeLensSpec[] {
  const out: CodeLensSpec[] = [];
  const elsewhere = crossFileProblemCount(doc.documentId, others);
  for (const payload of doc.payloads) {
    if (payload.type !== 'com.apple.extensiblesso') continue;
    const span = payload.dict.openTag;
    PREVIEW_MACOS_VERSIONS.forEach((macOS, i) => {
      out.push({
        span,
        title: i === 0 ? `Preview on macOS ${macOS}` : `macOS ${macOS}`,
        command: SHOW_PREVIEW_COMMAND,
        arguments: [{ uri: doc.documentId, macOS }],
      });
    });
    if (elsewhere > 0) {
      out.push({ span, title: `${elsewhere} ${elsewhere === 1 ? 'problem' : 'problems'} in other files of this deployment`, command: SHOW_PROBLEMS_COMMAND });
    }
  }
  return out;
}
