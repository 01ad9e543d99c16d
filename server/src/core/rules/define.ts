import type { Severity } from '../problem';
import { SOURCES, type SourceId } from '../okta';
import type { Rule, RuleContext } from './types';

/** What a rule file declares: only what is particular to the rule. */
export interface RuleSpec<C extends string> {
  /** DPS4xx–DPS6xx; stable, never reused. */
  code: C;
  /** kebab-case, also accepted in severity overrides. */
  name: string;
  severity: Severity;
  /** One sentence: the catalog's summary and the docs table's. */
  summary: string;
  /** Where the fact comes from (keys of SOURCES); printed on the rule's docs page. */
  sources: readonly SourceId[];
  check(this: Rule<C>, ctx: RuleContext): void;
}

/**
 * Declare a rule (as typescript-eslint's `createRule` or Biome's `declare_lint_rule!`), its identity on one line:
 *
 *     export const myRule = defineRule({
 *       code: 'DPS4xx', name: 'my-rule', severity: 'error',
 *       summary: '…',
 *       sources: ['oktaProfiles'],
 *       check(ctx) { … },
 *     });
 *
 * The rule pack's group and the source URLs are filled in here, so a rule file holds
 * its code, name, severity, summary, sources and `check`, and nothing else.
 * `const C` keeps the code a literal type, so the catalog knows every rule code at compile time.
 */
export function defineRule<const C extends `DPS${number}`>(spec: RuleSpec<C>): Rule<C> {
  return { ...spec, group: 'dps', sources: spec.sources.map((id) => SOURCES[id]) };
}
