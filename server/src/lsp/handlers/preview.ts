import { parseScenario, simulate, type ScenarioInput } from '../../core/simulate';
import { SimulateRequest, type SimulateParams, type SimulateResponse } from '../../protocol';
import type { Session } from '../session';

/**
 * `dpsProfiles/simulate`: the deployment preview of a document's deployment
 * (its folder, as the diagnostics see it) for a scenario from the webview.
 * The check result is the server's cached one; the core does the rest.
 */
export class PreviewHandler {
  constructor(private readonly session: Session) {}

  register(): void {
    this.session.connection.onRequest(SimulateRequest, (params) => this.simulate(params));
  }

  async simulate(params: SimulateParams): Promise<SimulateResponse | null> {
    const ctx = await this.session.checkedContext(params.uri);
    if (!ctx) return null;
    const { scenario, errors } = params.scenario === undefined ? { scenario: {} as ScenarioInput, errors: [] } : parseScenario(params.scenario);
    const timeline = simulate([ctx.result], scenario, {
      lineIndexOf: (documentId) => (documentId === params.uri ? ctx.result.lineIndex : ctx.lineIndexOf(documentId)),
    });
    return { timeline, scenarioErrors: errors };
  }
}
