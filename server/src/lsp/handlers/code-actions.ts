import { CodeActionKind, type CodeAction } from 'vscode-languageserver';
import { codeActionsFor, fixAllAction, FIX_ALL_KIND } from '../code-actions';
import * as features from '../features';
import { suppressionActions } from '../suppression-actions';
import type { Session } from '../session';

/** Quick fixes from the diagnostics' data, fix-all for the document, and the editor's refactorings. */
export class CodeActionHandler {
  constructor(private readonly session: Session) {}

  register(): void {
    const session = this.session;
    session.connection.onCodeAction(async (params): Promise<CodeAction[]> => {
      const document = session.documents.get(params.textDocument.uri);
      if (!document) return [];
      const only = params.context.only;
      const actions: CodeAction[] = [];
      if (!only || only.some((k) => k === CodeActionKind.QuickFix || k.startsWith(CodeActionKind.QuickFix))) {
        actions.push(
          ...codeActionsFor(params.context.diagnostics, document.version, (reason) => session.log(`Ignored a quick fix from the client: ${reason}.`)),
        );
        actions.push(...suppressionActions(document, params.context.diagnostics));
      }
      if (!only || only.some((k) => FIX_ALL_KIND.startsWith(k))) {
        const result = session.checkedVersion(document.uri, document.version);
        const fixAll = result ? fixAllAction(document.uri, result) : undefined;
        if (fixAll) actions.push(fixAll);
      }
      actions.push(...(await features.editorActions((uri) => session.featureContext(uri), params)));
      return actions;
    });
  }
}
