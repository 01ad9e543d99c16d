import type { CodeInfo } from '../codes';
import type { DpsDeployment } from '../dps/deployment';
import type { ProfileDocument } from '../model';
import type { ProblemInput } from '../problem';

/** Everything a rule may read, and the one way it may speak. */
export interface RuleContext {
  deployment: DpsDeployment;
  /** The text of a document of the deployment (for building fixes). */
  textOf(doc: ProfileDocument): string;
  /** Report a problem in `doc` (related locations in other documents may be attached). */
  report(doc: ProfileDocument, problem: ProblemInput): void;
}

/**
 * One rule, one file, declared with `defineRule`: its code (in the catalog), and
 * `check`, which reads the deployment and reports. Fixes travel on the problem itself.
 */
export interface Rule<C extends string = string> extends CodeInfo {
  code: C;
  group: 'dps';
  /** Where the fact comes from (URLs); also printed on the rule's docs page. */
  sources: string[];
  check(ctx: RuleContext): void;
}
