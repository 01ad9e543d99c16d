/**
 * Editor features at the LSP edge: positions ↔ offsets, core results → LSP
 * shapes. All the logic is in `core/features`; nothing here reads the tree.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  CompletionItemTag,
  FoldingRangeKind,
  InsertTextFormat,
  InsertTextMode,
  LSPErrorCodes,
  MarkupKind,
  ResponseError,
  SymbolKind,
} from 'vscode-languageserver/node';
import type {
  CodeAction,
  CodeActionParams,
  CompletionItem,
  CompletionParams,
  DocumentFormattingParams,
  DocumentRangeFormattingParams,
  DocumentSymbol,
  DocumentSymbolParams,
  FoldingRange,
  FoldingRangeParams,
  Hover,
  Location,
  PrepareRenameParams,
  Range,
  ReferenceParams,
  RenameParams,
  TextDocumentPositionParams,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type ParsedDocument,
  type DpsDeployment,
  type ProfileDocument,
  completionsAt,
  conversionActionsAt,
  definitionAt,
  documentSymbols as coreSymbols,
  foldingRanges as coreFolding,
  formatEdits,
  hoverAt,
  knownDpsValues,
  prepareRenameAt,
  referencesAt,
  renameAt,
  uuidActionsAt,
  type CompletionKind,
  type CompletionOptions,
  type DocumentSymbolSpec,
  type EditorAction,
  type SymbolKind as CoreSymbolKind,
  type Problem,
  type TextEditSpec,
  type LineIndex,
} from '../core';

/**
 * What a feature needs about one open document: its latest parse, and its
 * deployment as the last check saw it (features never wait for a new check).
 */
export interface FeatureContext {
  uri: string;
  document: TextDocument;
  /** The document's current text. */
  text: string;
  /** The line index of that text (without parsing it). */
  lineIndex: LineIndex;
  /** The parse of the document's current version (made on first use). */
  parsed: ParsedDocument;
  /**
   * A tree for this text the server keeps (a parse of it, or of a text differing only by whitespace between
   * elements), or makes and keeps when it is the current text; else undefined.
   */
  treeOf: NonNullable<CompletionOptions['parsed']>;
  /** The deployment of the last check (for values already known in it). */
  deployment: DpsDeployment;
  /** The deployment's documents, this one as parsed now. */
  deploymentDocuments: readonly ProfileDocument[];
  /** The document's problems (its own checks when the deployment was not checked at this version yet). */
  problems(): Problem[];
  /** Line index of another member of the deployment. */
  lineIndexOf(uri: string): LineIndex | undefined;
  fileName: string;
  preferenceDomainFiles: Readonly<Record<string, string>>;
}

/** Features are asked for by URI; the server resolves the context (or nothing for a document it does not serve). */
export type ContextSource = (uri: string) => Promise<FeatureContext | undefined>;

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  payload: CompletionItemKind.Module,
  placeholder: CompletionItemKind.Variable,
};

export async function completion(contexts: ContextSource, params: CompletionParams): Promise<CompletionItem[]> {
  const ctx = await contexts(params.textDocument.uri);
  if (!ctx) return [];
  // The text and its line index only: completion scans the text, and parses (or takes the server's parse of) what it needs.
  const text = ctx.text;
  const lines = ctx.lineIndex;
  const offset = lines.offsetAt(params.position);
  const items = completionsAt(text, offset, {
    documentId: ctx.uri,
    fileName: ctx.fileName,
    preferenceDomainFiles: ctx.preferenceDomainFiles,
    known: knownDpsValues(ctx.deployment, ctx.uri),
    parsed: ctx.treeOf,
  });
  return items.map((item): CompletionItem => ({
    label: item.label,
    kind: COMPLETION_KIND[item.kind],
    detail: item.detail,
    documentation: item.documentation ? { kind: MarkupKind.Markdown, value: item.documentation } : undefined,
    textEdit: { range: lines.rangeOf(item.replace), newText: item.insertText },
    insertTextFormat: item.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    // Multi-line inserts take the indentation of the line they land on.
    insertTextMode: InsertTextMode.adjustIndentation,
    filterText: item.filterText,
    sortText: item.sortText,
    tags: item.deprecated ? [CompletionItemTag.Deprecated] : undefined,
  }));
}

export async function hover(contexts: ContextSource, params: TextDocumentPositionParams): Promise<Hover | null> {
  const ctx = await contexts(params.textDocument.uri);
  if (!ctx) return null;
  const found = hoverAt(ctx.parsed.document, ctx.parsed.lineIndex.offsetAt(params.position), ctx.deploymentDocuments);
  if (!found) return null;
  return { contents: { kind: MarkupKind.Markdown, value: found.contents }, range: ctx.parsed.lineIndex.rangeOf(found.span) };
}

const SYMBOL_KIND: Record<CoreSymbolKind, SymbolKind> = {
  profile: SymbolKind.File,
  payload: SymbolKind.Module,
  preferences: SymbolKind.Namespace,
  dict: SymbolKind.Object,
  array: SymbolKind.Array,
  string: SymbolKind.String,
  integer: SymbolKind.Number,
  real: SymbolKind.Number,
  boolean: SymbolKind.Boolean,
  date: SymbolKind.Constant,
  data: SymbolKind.Constant,
};

export async function documentSymbols(contexts: ContextSource, params: DocumentSymbolParams): Promise<DocumentSymbol[]> {
  const ctx = await contexts(params.textDocument.uri);
  if (!ctx) return [];
  const lines = ctx.parsed.lineIndex;
  // Leaves carry no `children` (optional in LSP): most symbols are leaves, and the answer grows with the file.
  const convert = (s: DocumentSymbolSpec): DocumentSymbol => {
    const symbol: DocumentSymbol = {
      name: s.name,
      detail: s.detail,
      kind: SYMBOL_KIND[s.kind],
      range: lines.rangeOf(s.span),
      selectionRange: lines.rangeOf(s.selectionSpan),
    };
    if (s.children.length > 0) symbol.children = s.children.map(convert);
    return symbol;
  };
  return coreSymbols(ctx.parsed.document).map(convert);
}

export async function foldingRanges(contexts: ContextSource, params: FoldingRangeParams): Promise<FoldingRange[]> {
  const ctx = await contexts(params.textDocument.uri);
  if (!ctx) return [];
  return coreFolding(ctx.parsed.text, ctx.parsed.root).map((f) => ({
    startLine: f.startLine,
    endLine: f.endLine,
    kind: f.kind === 'comment' ? FoldingRangeKind.Comment : undefined,
  }));
}

function location(ctx: FeatureContext, documentId: string, span: { start: number; end: number }): Location | undefined {
  const index = documentId === ctx.uri ? ctx.parsed.lineIndex : ctx.lineIndexOf(documentId);
  return index ? { uri: documentId, range: index.rangeOf(span) } : undefined;
}

export async function definition(contexts: ContextSource, params: TextDocumentPositionParams): Promise<Location[]> {
  const ctx = await contexts(params.textDocument.uri);
  if (!ctx) return [];
  const found = definitionAt(ctx.parsed.document, ctx.parsed.lineIndex.offsetAt(params.position), ctx.deploymentDocuments);
  return found.map((l) => location(ctx, l.documentId, l.selectionSpan)).filter((l): l is Location => !!l);
}

export async function references(contexts: ContextSource, params: ReferenceParams): Promise<Location[]> {
  const ctx = await contexts(params.textDocument.uri);
  if (!ctx) return [];
  const offset = ctx.parsed.lineIndex.offsetAt(params.position);
  const found = referencesAt(ctx.parsed.document, offset, ctx.deploymentDocuments, params.context.includeDeclaration);
  return found.map((l) => location(ctx, l.documentId, l.span)).filter((l): l is Location => !!l);
}

export async function prepareRename(contexts: ContextSource, params: PrepareRenameParams): Promise<{ range: Range; placeholder: string } | null> {
  const ctx = await contexts(params.textDocument.uri);
  if (!ctx) return null;
  const found = prepareRenameAt(ctx.parsed.document, ctx.parsed.lineIndex.offsetAt(params.position));
  return found ? { range: ctx.parsed.lineIndex.rangeOf(found.span), placeholder: found.placeholder } : null;
}

/** Edits per document, or undefined when a target document's text is unknown (then nothing is changed). */
function workspaceEdit(ctx: FeatureContext, edits: readonly TextEditSpec[]): WorkspaceEdit | undefined {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of edits) {
    const uri = e.documentId || ctx.uri;
    const loc = location(ctx, uri, e.span);
    if (!loc) return undefined;
    (changes[uri] ??= []).push({ range: loc.range, newText: e.newText });
  }
  return { changes };
}

const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

export async function rename(contexts: ContextSource, params: RenameParams): Promise<WorkspaceEdit | null> {
  // Only UUIDs are renamed (a PayloadUUID and its references); anything else would leave them broken.
  if (!UUID.test(params.newName.trim())) {
    throw new ResponseError(
      LSPErrorCodes.RequestFailed,
      `"${params.newName}" is not a UUID (8-4-4-4-12 hexadecimal digits, as uuidgen prints); the PayloadUUID was not renamed.`,
    );
  }
  const ctx = await contexts(params.textDocument.uri);
  if (!ctx) return null;
  const edits = renameAt(ctx.parsed.document, ctx.parsed.lineIndex.offsetAt(params.position), params.newName.trim(), ctx.deploymentDocuments);
  return edits ? (workspaceEdit(ctx, edits) ?? null) : null;
}

const REFACTOR_KIND = CodeActionKind.RefactorRewrite;

/** Actions beyond the rule fixes: a new PayloadUUID, and the schema's type conversion from the refactor menu. */
export async function editorActions(contexts: ContextSource, params: CodeActionParams): Promise<CodeAction[]> {
  const only = params.context.only;
  if (only && !only.some((k) => REFACTOR_KIND.startsWith(k))) return [];
  const ctx = await contexts(params.textDocument.uri);
  if (!ctx) return [];
  const lines = ctx.parsed.lineIndex;
  const span = { start: lines.offsetAt(params.range.start), end: lines.offsetAt(params.range.end) };
  const actions: EditorAction[] = uuidActionsAt(ctx.parsed.document, span, ctx.deploymentDocuments);
  // The type conversion is already a quick fix on its diagnostic; offer it here only when that quick fix is not in view.
  const shownAsQuickFix = params.context.diagnostics.some((d) => d.source === 'dps-profiles' && d.code === 'DPS303');
  if (!shownAsQuickFix) actions.push(...conversionActionsAt(ctx.problems(), span));
  const out: CodeAction[] = [];
  for (const a of actions) {
    const edit = workspaceEdit(ctx, a.edits);
    if (edit) out.push({ title: a.title, kind: REFACTOR_KIND, edit });
  }
  return out;
}

/** Formatting edits for a text; `problems` are its parse problems when known (else the formatter parses). */
export function formatText(
  text: string,
  lines: LineIndex,
  problems: readonly { code: string }[] | undefined,
  params: DocumentFormattingParams | DocumentRangeFormattingParams,
): TextEdit[] {
  const range = 'range' in params ? { start: lines.offsetAt(params.range.start), end: lines.offsetAt(params.range.end) } : undefined;
  return formatEdits(text, { insertSpaces: params.options.insertSpaces, tabSize: params.options.tabSize }, range, problems).map((e) => ({
    range: lines.rangeOf(e.span),
    newText: e.newText,
  }));
}
