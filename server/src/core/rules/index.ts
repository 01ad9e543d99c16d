import { registerCode } from '../codes';
import type { DpsDeployment } from '../dps/deployment';
import type { ProfileDocument } from '../model';
import type { ProblemInput } from '../problem';
import type { Rule } from './types';
import { oktaSsoTeamIdentifier } from './okta-sso-team-identifier';
import { oktaSsoTypeRedirect } from './okta-sso-type-redirect';
import { oktaSsoRequiredUrls } from './okta-sso-required-urls';
import { ssoUrlForm } from './sso-url-form';
import { ssoUrlUnique } from './sso-url-unique';

/** The DPS rule pack. Adding a rule: one file, one line here, one docs page. */
export const RULES: readonly Rule[] = [
  oktaSsoTeamIdentifier,
  oktaSsoTypeRedirect,
  oktaSsoRequiredUrls,
  ssoUrlForm,
  ssoUrlUnique,
];

for (const r of RULES) registerCode({ code: r.code, name: r.name, group: r.group, severity: r.severity, summary: r.summary });

export interface RuleHost {
  textOf(doc: ProfileDocument): string;
  report(doc: ProfileDocument, problem: ProblemInput): void;
}

/** Run every rule; a rule that throws is a bug, and must not take the others down. */
export function runRules(deployment: DpsDeployment, host: RuleHost): void {
  for (const rule of RULES) {
    try {
      rule.check({ deployment, textOf: host.textOf, report: (doc, p) => host.report(doc, { ...p, code: p.code || rule.code }) });
    } catch (err) {
      const doc = deployment.documents[0];
      if (doc) host.report(doc, { code: 'DPS000', message: `Internal error in rule ${rule.code} (${rule.name}): ${(err as Error).message}. Please report it.`, span: { start: 0, end: 0 } });
    }
  }
}
