/** `plan`: what a change to the profiles does to Macs already in the field. */
export { planChange, summarizePlan, diffProblems } from './engine';
export type { PlanOptions, Grouping } from './engine';
export * from './types';
export { IMPACT_KINDS, IMPACT_ORDER, FAIL_ON_CHOICES, DEFAULT_FAIL_ON, CHANGE_TITLES, STATE_TITLES } from './labels';
export type { FailOn } from './labels';
export { CHANGE_KINDS, REGISTRATION_FACTS, MIGRATIONS, PLAN_SOURCES } from './knowledge';
export { formatPlanText, formatPlanMarkdown, headline, mdCode, mdText } from './format';
export { renderPlanFragment, renderPlanReportHtml } from './html';
