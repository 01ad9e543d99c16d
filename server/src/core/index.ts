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
export { compileAllValidators } from './schema/validate';
export * from './settings';
export * from './overrides';
export type { CheckOptions, CheckResult, DeploymentInput, DeploymentOptions, ParsedDocument, DocumentAnalysis } from './check';
export * from './version';
export * from './dps/deployment';
export * from './okta';
export { RULES } from './rules';
export type { Rule, RuleContext } from './rules/types';
export * from './signed';
export { checkWorkspace, mergeWorkspaceProblems, isProfileFileName, checkRun, groupInputs, folderOfId } from './workspace';
export type { Grouping, RunOptions, RunResult } from './workspace';
export { parseSuppressions, applySuppressions, unusedDirectiveProblems, disableNextLineFix, disableFileFix } from './suppressions';
export type { Directive, Suppressions } from './suppressions';
export { isSecretKeyPath } from './dps/secrets';
// The editor features, the deployment preview and `plan`, for the language server and the CLI.
export * from './features';
export { simulate, simulateMatrix, parseScenario, describeScenario, renderReportHtml } from './simulate';
export type { Matrix, ReportInput, ScenarioInput, Step, Timeline } from './simulate';
export { planChange, DEFAULT_FAIL_ON, FAIL_ON_CHOICES, formatPlanMarkdown, formatPlanText, renderPlanReportHtml } from './plan';
export type { FailOn, Plan } from './plan';
export * from './render';
