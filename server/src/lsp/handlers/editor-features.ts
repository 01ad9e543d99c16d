import type { DocumentFormattingParams, DocumentRangeFormattingParams, TextEdit } from 'vscode-languageserver';
import { LineIndex } from '../../core';
import * as features from '../features';
import type { Session } from '../session';

/** Completion, hover, outline, folding, navigation, rename and formatting: lsp/features.ts converts, the core computes. */
export class EditorFeaturesHandler {
  constructor(private readonly session: Session) {}

  register(): void {
    const { connection, documents } = this.session;
    const contexts: features.ContextSource = (uri) => this.session.featureContext(uri);
    connection.onCompletion(async (params) => {
      const started = performance.now();
      const items = await features.completion(contexts, params);
      if (this.session.timing) this.session.log(`timing: completion in ${params.textDocument.uri} in ${(performance.now() - started).toFixed(2)} ms`);
      return items;
    });
    connection.onHover((params) => features.hover(contexts, params));
    connection.onDocumentSymbol(async (params) => {
      const started = performance.now();
      const symbols = await features.documentSymbols(contexts, params);
      if (this.session.timing) this.session.log(`timing: documentSymbol in ${params.textDocument.uri} in ${(performance.now() - started).toFixed(2)} ms`);
      return symbols;
    });
    connection.onFoldingRanges((params) => features.foldingRanges(contexts, params));
    connection.onDefinition((params) => features.definition(contexts, params));
    connection.onReferences((params) => features.references(contexts, params));
    connection.onPrepareRename((params) => features.prepareRename(contexts, params));
    connection.onRenameRequest((params) => features.rename(contexts, params));
    // Formatting: the latest parse of a profile; any other open document the client asks about is parsed for it.
    const format = async (params: DocumentFormattingParams | DocumentRangeFormattingParams): Promise<TextEdit[]> => {
      const ctx = await contexts(params.textDocument.uri);
      if (ctx) return features.formatText(ctx.parsed.text, ctx.parsed.lineIndex, ctx.parsed.problems, params);
      const document = documents.get(params.textDocument.uri);
      return document ? features.formatText(document.getText(), new LineIndex(document.getText()), undefined, params) : [];
    };
    connection.onDocumentFormatting(format);
    connection.onDocumentRangeFormatting(format);
  }
}
