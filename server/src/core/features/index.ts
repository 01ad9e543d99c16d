/** Editor features over the core: pure functions of text / model and offsets. */
export { completionsAt, knownDpsValues, valueSnippet, MDM_VARIABLES } from './completion';
export type { CompletionItemSpec, CompletionKind, CompletionOptions } from './completion';
export { hoverAt } from './hover';
export type { HoverSpec } from './hover';
export { documentSymbols, foldingRanges } from './symbols';
export type { DocumentSymbolSpec, FoldingRangeSpec, SymbolKind } from './symbols';
export { definitionAt, referencesAt, prepareRenameAt, renameAt, uuidActionsAt, uuidSiteAt, uuidSites } from './navigation';
export type { EditorAction, NavLocation, UuidSite } from './navigation';
export { conversionActionsAt } from './actions';
export { formatEdits } from './format';
export type { FormatOptions } from './format';
export { locate, schemaPlaceOf } from './context';
export type { Location, SchemaPlace } from './context';
export { PAYLOAD_TEMPLATES, PROFILE_TEMPLATES, renderTemplate, escapeSnippet, newUuid, DEFAULT_ORG, DEFAULT_CLIENT_ID } from '../okta/templates';
export type { PayloadTemplate, ProfileTemplate, TemplateValues } from '../okta/templates';
