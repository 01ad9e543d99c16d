import type { DpsDeployment } from './deployment';
import { valueSpan } from './locate';
import { keyPathOf, type PayloadModel, type ProfileDocument } from '../model';
import { isTemplateValue } from '../okta';
import { isPlaceholder } from '../placeholders';
import type { DictEntry, DictNode, PlistNode } from '../plist/ast';
import type { RuleContext } from '../rules/types';

/**
 * Static secrets a profile can carry (DPS490-DPS496). A profile lives in a
 * repository, an MDM export, a ticket: a literal secret in it is a leaked
 * secret. What counts as a literal: a non-empty string that is not an MDM
 * variable (`$FLEET_SECRET_X`, `{{x}}`), not a template value still to be
 * filled in, and not an environment-variable-like name in capitals. Messages
 * name the key, never the value.
 */

/** Keys whose values are secrets wherever they appear: every output redacts them (see `isSecretKeyPath`). */
const SECRET_KEY = /^(Challenge|Password|UserPassword|RegistrationToken|client[_-]?secret|SharedSecret|PrivateKey)$/i;

/** Whether a key path ends in a key whose value is a secret, so fixes and reports never print its value. */
export function isSecretKeyPath(keyPath: string | undefined): boolean {
  if (keyPath === undefined) return false;
  const last =
    keyPath
      .split('.')
      .pop()
      ?.replace(/\[\d+\]$/, '') ?? '';
  return SECRET_KEY.test(last);
}

/** A literal secret: set, not an MDM variable, not a template value, not a NAME_IN_CAPITALS stand-in. */
export function isLiteralSecret(node: PlistNode | undefined): boolean {
  if (node?.kind !== 'string') return false;
  const v = node.value.trim();
  return v !== '' && !isPlaceholder(v) && !isTemplateValue(v) && !/^[A-Z][A-Z0-9]*(_[A-Z0-9]+){2,}$/.test(v) && !/^\$[A-Z_][A-Z0-9_]*$/.test(v);
}

/** Every payload of the deployment whose PayloadType matches. */
export function payloadsOfType(d: DpsDeployment, type: RegExp): { doc: ProfileDocument; payload: PayloadModel }[] {
  const out: { doc: ProfileDocument; payload: PayloadModel }[] = [];
  const key = `${type.source}/${type.flags}`;
  for (const doc of d.documents) for (const payload of payloadsOfTypeIn(doc, type, key)) out.push({ doc, payload });
  return out;
}

/**
 * One document's payloads of a type, kept per document (a model never changes once built): after an edit the
 * server runs these rules again over a folder's unchanged documents, and finds each answer here instead of testing
 * every payload's type again. Keyed by the expression's text, since a literal is a new object on each call.
 */
const payloadsFound = new WeakMap<ProfileDocument, Map<string, readonly PayloadModel[]>>();

function payloadsOfTypeIn(doc: ProfileDocument, type: RegExp, key: string): readonly PayloadModel[] {
  let byType = payloadsFound.get(doc);
  if (!byType) payloadsFound.set(doc, (byType = new Map()));
  let found = byType.get(key);
  if (!found) {
    found = doc.payloads.filter((payload) => payload.type !== undefined && type.test(payload.type));
    byType.set(key, found);
  }
  return found;
}

/** Report a literal secret at its value, naming the key and never quoting the value. */
export function reportSecret(ctx: RuleContext, code: string, doc: ProfileDocument, node: PlistNode, what: string, advice: string): void {
  ctx.report(doc, {
    code,
    message: `${what} is a literal secret stored in the profile (value not shown). ${advice} Rotate it if this file was ever shared.`,
    span: valueSpan(node),
    keyPath: keyPathOf(node),
  });
}

/** Every dictionary of a tree, depth first (for keys that may sit anywhere, like client secrets). */
export function allDicts(root: PlistNode | undefined): DictNode[] {
  const out: DictNode[] = [];
  const stack: PlistNode[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'dict') {
      out.push(node);
      for (let i = node.entries.length - 1; i >= 0; i--) {
        const v = node.entries[i].value;
        if (v && (v.kind === 'dict' || v.kind === 'array')) stack.push(v);
      }
    } else if (node.kind === 'array') {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const v = node.items[i];
        if (v.kind === 'dict' || v.kind === 'array') stack.push(v);
      }
    }
  }
  return out;
}

/** MDM advice shared by the secret rules. */
export const USE_MDM_SECRET =
  "Let your MDM insert it at delivery (a secret variable such as Fleet's $FLEET_SECRET_…, Jamf or Intune variables) instead of writing it in the file.";

/** Per tree, per test: the entries found (the server re-runs the rules over unchanged trees on every edit). */
const entriesFound = new WeakMap<PlistNode, Map<(entry: DictEntry) => boolean, readonly DictEntry[]>>();

/**
 * The entries of every dictionary of a tree that `keep` selects, in document order, found once per tree and
 * test: `keep` must be a pure function of the entry, declared once (it is the cache key).
 */
export function entriesWhere(root: PlistNode | undefined, keep: (entry: DictEntry) => boolean): readonly DictEntry[] {
  if (!root) return [];
  let byTest = entriesFound.get(root);
  if (!byTest) entriesFound.set(root, (byTest = new Map()));
  let found = byTest.get(keep);
  if (!found) {
    const kept: DictEntry[] = [];
    let dicts = dictsFound.get(root);
    if (!dicts) dictsFound.set(root, (dicts = allDicts(root)));
    for (let d = 0; d < dicts.length; d++) {
      const entries = dicts[d].entries;
      for (let i = 0; i < entries.length; i++) if (keep(entries[i])) kept.push(entries[i]);
    }
    byTest.set(keep, (found = kept));
  }
  return found;
}

/** Per tree: its dictionaries, listed once for all the tests of `entriesWhere`. */
const dictsFound = new WeakMap<PlistNode, DictNode[]>();
