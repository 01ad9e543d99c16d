/** The simulated deployment preview: engine, scenario defaults and the shared HTML rendering. */
export { simulate, simulateMatrix, PREVIEW_SOURCES } from './engine';
export type { SimulateOptions } from './engine';
export { resolveScenario, parseScenario, DELIVERIES, MATRIX_VERSIONS, FALLBACK_MACOS, DEFAULT_DEVICE, DEFAULT_ORG } from './scenario';
export * from './types';
export {
  escapeHtml,
  renderTimelineFragment,
  renderMatrixFragment,
  renderReportHtml,
  renderWebviewHtml,
  renderMessage,
  describeScenario,
  PREVIEW_CSS,
  PREVIEW_MACOS_CHOICES,
} from './html';
export type { ReportInput, WebviewShellInput, FragmentOptions } from './html';
