/**
 * The pure core: text in, problems out. No `vscode`, no `vscode-languageserver`,
 * no `fs` (a test enforces it). The language server and the CLI are shells over
 * these functions.
 */
export * from './plist/ast';
export { parsePlist, MAX_DEPTH } from './plist/parse';
export type { ParseResult } from './plist/parse';
export * from './problem';
export * from './codes';
export * from './text';
export * from './model';
export { decodeBytes } from './decode';
export { applyFixes, applyEdits, selectSafeEdits } from './fix';
export type { FixChange, FixOutcome } from './fix';
export { checkText, checkBytes, checkDeployment, parseDocument, analyseDocument, checkAnalysed } from './check';
export { MAX_PROBLEMS_PER_DOCUMENT } from './problem';
export * from './settings';
export type { CheckOptions, CheckResult, DeploymentInput, DeploymentOptions, ParsedDocument, DocumentAnalysis } from './check';
export * from './version';
export * from './dps/deployment';
export * from './okta';
export { RULES } from './rules';
export type { Rule, RuleContext } from './rules/types';
export * from './signed';
export { checkWorkspace, mergeWorkspaceProblems, isProfileFileName, checkRun, groupInputs, folderOfId } from './workspace';
export type { Grouping, RunOptions, RunResult } from './workspace';
export { isSecretKeyPath } from './dps/secrets';
export { parseSuppressions, applySuppressions, unusedDirectiveProblems, disableNextLineFix, disableFileFix } from './suppressions';
export type { Directive, Suppressions } from './suppressions';
