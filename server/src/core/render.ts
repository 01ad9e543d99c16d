/**
 * The client's door to the core (ARCHITECTURE.md, "API boundaries"): the HTML renderers of the deployment preview and
 * of `plan`, the scenario they take, and the one file-name test. The VS Code client imports the core only through
 * this module, never through `index.ts`: the index reaches the checker, the schemas and the rules, and esbuild
 * cannot drop modules with side effects (the codes catalog, the compiled validators), so the client bundles would
 * carry them all. Everything here is pure rendering of data the server already computed.
 */
export { escapeHtml, renderMessage, renderTimelineFragment, renderWebviewHtml } from './simulate/html';
export { resolveScenario } from './simulate/scenario';
export type { ScenarioInput, Timeline } from './simulate/types';
export { renderPlanFragment } from './plan/html';
export type { Plan } from './plan/types';
export { isProfileFileName } from './file-names';
