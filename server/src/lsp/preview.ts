import { parseScenario, simulate, type ScenarioInput, type Timeline } from '../core/simulate';
import type { ContextSource } from './features';

/**
 * `dpsProfiles/simulate`: the deployment preview of a document's deployment
 * (its folder, as the diagnostics see it) for a scenario from the webview.
 * The check result is the server's cached one; the core does the rest.
 */
export const SIMULATE_REQUEST = 'dpsProfiles/simulate';

export interface SimulateParams {
  uri: string;
  scenario?: unknown;
}

export interface SimulateResponse {
  timeline: Timeline;
  /** Scenario fields the server could not use (the webview sends only valid ones; other clients may not). */
  scenarioErrors: string[];
}

export async function simulatePreview(contexts: ContextSource, params: SimulateParams): Promise<SimulateResponse | null> {
  const ctx = await contexts(params.uri);
  if (!ctx) return null;
  const { scenario, errors } = params.scenario === undefined ? { scenario: {} as ScenarioInput, errors: [] } : parseScenario(params.scenario);
  const timeline = simulate([ctx.result], scenario, {
    lineIndexOf: (documentId) => (documentId === ctx.uri ? ctx.result.lineIndex : ctx.lineIndexOf(documentId)),
  });
  return { timeline, scenarioErrors: errors };
}
