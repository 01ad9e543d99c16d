import type { CheckResult } from '../check';
import { joinKeyPath, type PayloadModel, type ProfileDocument } from '../model';
import { getString, type PlistNode } from '../plist/ast';
import { toJson } from '../plist/json';
import { CHANGE_KINDS } from './knowledge';
import type { BrokenReference, ChangeKind, KeyChange, PayloadChange, ProfileChange } from './types';

/**
 * Profile and payload changes as macOS sees them on push. Apple: a profile is
 * the same profile when its PayloadIdentifier is the same (it replaces the
 * installed one); inside a replacement, payloads with the same
 * PayloadIdentifier and PayloadUUID are updated in place, the others removed
 * and installed. Files the MDM wraps (single payloads, bare preference plists)
 * are matched by path.
 */

export interface Side {
  doc: ProfileDocument;
  result: CheckResult;
}

/** A payload change with the models behind it, for the fleet and migration analysis. */
export interface PayloadDelta {
  change: PayloadChange;
  before?: { doc: ProfileDocument; payload?: PayloadModel };
  after?: { doc: ProfileDocument; payload?: PayloadModel };
}

export interface ProfileDelta {
  change: ProfileChange;
  before?: Side;
  after?: Side;
  payloads: PayloadDelta[];
}

const MAX_KEY_CHANGES = 40;

function profileIdentifier(doc: ProfileDocument): string | undefined {
  return doc.kind === 'profile' && doc.profileDict ? getString(doc.profileDict, 'PayloadIdentifier') : undefined;
}

function profileScope(doc: ProfileDocument): string | undefined {
  return doc.profileDict ? getString(doc.profileDict, 'PayloadScope') : undefined;
}

/** Same channel? PayloadScope is case-insensitive on macOS and absent means System. */
function sameScope(a: string | undefined, b: string | undefined): boolean {
  return (a ?? 'System').toLowerCase() === (b ?? 'System').toLowerCase();
}

/** Stable text of a plist value: key order does not matter to macOS. */
export function canonical(node: PlistNode | undefined): string {
  if (!node) return '';
  return stable(toJson(node));
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function docContent(side: Side): string {
  return side.doc.root ? canonical(side.doc.root) : `text:${side.result.text}`;
}

function shortValue(value: unknown): string {
  const text = typeof value === 'string' ? value : stable(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** The keys whose values differ between two JSON values of one payload. */
export function keyChanges(before: unknown, after: unknown, keyPath: string, out: KeyChange[] = []): KeyChange[] {
  if (out.length >= MAX_KEY_CHANGES) return out;
  const isDict = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);
  if (isDict(before) && isDict(after)) {
    const b = before as Record<string, unknown>;
    const a = after as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    for (const k of keys) {
      const here = joinKeyPath(keyPath, k);
      if (!(k in a)) out.push({ keyPath: here, before: shortValue(b[k]) });
      else if (!(k in b)) out.push({ keyPath: here, after: shortValue(a[k]) });
      else if (stable(a[k]) !== stable(b[k])) keyChanges(b[k], a[k], here, out);
      if (out.length >= MAX_KEY_CHANGES) break;
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length && before.every((x) => isDict(x))) {
    before.forEach((item, i) => keyChanges(item, after[i], `${keyPath}[${i}]`, out));
    return out;
  }
  if (stable(before) !== stable(after)) out.push({ keyPath: keyPath || '(root)', before: shortValue(before), after: shortValue(after) });
  return out;
}

function payloadChange(kind: ChangeKind, p: PayloadModel | undefined, file: string, extra: Partial<PayloadChange> = {}): PayloadChange {
  return {
    kind,
    type: p?.type,
    identifier: p?.identifier,
    displayName: p?.displayName,
    file,
    keyPath: p?.keyPath ?? '',
    why: CHANGE_KINDS[kind].payload,
    source: CHANGE_KINDS[kind].source,
    keys: [],
    ...extra,
  };
}

/** The payload-level changes of a matched pair of documents. `forced` makes every surviving payload that kind. */
function comparePayloads(before: Side, after: Side, forced: ChangeKind | undefined): PayloadDelta[] {
  const out: PayloadDelta[] = [];
  const used = new Set<PayloadModel>();
  for (const p of after.doc.payloads) {
    const match = before.doc.payloads.find((q) => !used.has(q) && q.type === p.type && q.identifier === p.identifier);
    if (!match) {
      out.push({ change: payloadChange('added', p, after.doc.documentId, { uuidAfter: p.uuid }), after: { doc: after.doc, payload: p } });
      continue;
    }
    used.add(match);
    const same = canonical(match.dict) === canonical(p.dict);
    let kind: ChangeKind;
    if (forced) kind = forced;
    else if (match.uuid !== p.uuid) kind = 'reinstalled';
    else kind = same ? 'unchanged' : 'updated';
    const keys = same ? [] : keyChanges(toJson(match.dict), toJson(p.dict), p.keyPath);
    out.push({
      change: payloadChange(kind, p, after.doc.documentId, { uuidBefore: match.uuid, uuidAfter: p.uuid, keys }),
      before: { doc: before.doc, payload: match },
      after: { doc: after.doc, payload: p },
    });
  }
  for (const q of before.doc.payloads) {
    if (used.has(q)) continue;
    out.push({ change: payloadChange('removed', q, after.doc.documentId, { uuidBefore: q.uuid }), before: { doc: before.doc, payload: q } });
  }
  // A bare preference plist has no payload: its settings are the one thing that changes.
  if (before.doc.payloads.length === 0 && after.doc.payloads.length === 0) {
    const same = docContent(before) === docContent(after);
    const domain = after.doc.preferences[0]?.domain ?? before.doc.preferences[0]?.domain;
    const keys = same || !before.doc.root || !after.doc.root ? [] : keyChanges(toJson(before.doc.root), toJson(after.doc.root), '');
    out.push({
      change: {
        ...payloadChange(same ? 'unchanged' : 'updated', undefined, after.doc.documentId, { keys }),
        type: domain,
        why: same ? CHANGE_KINDS.unchanged.payload : `The MDM delivers the new ${domain ?? 'file'} settings in place of the old ones.`,
      },
      before: { doc: before.doc },
      after: { doc: after.doc },
    });
  }
  return out;
}

function profileChange(kind: ChangeKind, before: Side | undefined, after: Side | undefined, why?: string): ProfileChange {
  const doc = after?.doc ?? before!.doc;
  const identifier = profileIdentifier(doc);
  const identifierBefore = before ? profileIdentifier(before.doc) : undefined;
  return {
    kind,
    identifier,
    ...(identifierBefore !== undefined && identifierBefore !== identifier ? { identifierBefore } : {}),
    displayName: doc.profileDict ? getString(doc.profileDict, 'PayloadDisplayName') : undefined,
    fileBefore: before?.doc.documentId,
    fileAfter: after?.doc.documentId,
    why: why ?? CHANGE_KINDS[kind].profile,
    source: CHANGE_KINDS[kind].source,
    payloads: [],
  };
}

/** Match the documents of one deployment before and after, and say what macOS does with each. */
export function diffProfiles(before: readonly CheckResult[], after: readonly CheckResult[]): ProfileDelta[] {
  const b: Side[] = before.map((result) => ({ doc: result.document, result }));
  const a: Side[] = after.map((result) => ({ doc: result.document, result }));
  const pairs: [Side | undefined, Side | undefined][] = [];
  const usedB = new Set<Side>();
  const usedA = new Set<Side>();
  // 1. By profile identifier: what macOS uses to decide to replace.
  for (const x of a) {
    const id = profileIdentifier(x.doc);
    if (id === undefined) continue;
    const match = b.find((y) => !usedB.has(y) && profileIdentifier(y.doc) === id);
    if (match) {
      pairs.push([match, x]);
      usedB.add(match);
      usedA.add(x);
    }
  }
  // 2. By file: a file whose profile identifier changed, and files the MDM wraps.
  for (const x of a) {
    if (usedA.has(x)) continue;
    const match = b.find((y) => !usedB.has(y) && y.doc.documentId === x.doc.documentId);
    if (match) {
      pairs.push([match, x]);
      usedB.add(match);
      usedA.add(x);
    }
  }
  for (const x of a) if (!usedA.has(x)) pairs.push([undefined, x]);
  for (const y of b) if (!usedB.has(y)) pairs.push([y, undefined]);

  return pairs.map(([x, y]) => {
    if (!x) {
      const change = profileChange('added', undefined, y);
      const payloads = y!.doc.payloads.map((p) => ({
        change: payloadChange('added', p, y!.doc.documentId, { uuidAfter: p.uuid }),
        after: { doc: y!.doc, payload: p },
      }));
      change.payloads = payloads.map((p) => p.change);
      return { change, after: y, payloads };
    }
    if (!y) {
      const change = profileChange('removed', x, undefined);
      const payloads = x.doc.payloads.map((p) => ({
        change: payloadChange('removed', p, x.doc.documentId, { uuidBefore: p.uuid }),
        before: { doc: x.doc, payload: p },
      }));
      change.payloads = payloads.map((p) => p.change);
      return { change, before: x, payloads };
    }
    const idBefore = profileIdentifier(x.doc);
    const idAfter = profileIdentifier(y.doc);
    const scopeBefore = profileScope(x.doc);
    const scopeAfter = profileScope(y.doc);
    const scopeChanged = !sameScope(scopeBefore, scopeAfter);
    const same = docContent(x) === docContent(y);
    let kind: ChangeKind;
    let why: string | undefined;
    if (idBefore !== idAfter && (idBefore !== undefined || idAfter !== undefined)) {
      kind = 'reinstalled';
      why = `The profile identifier changes from ${idBefore ?? '(none)'} to ${idAfter ?? '(none)'}: macOS sees a different profile, so the old one is removed and every payload installed again.`;
    } else if (scopeChanged) {
      kind = 'reinstalled';
      why = `PayloadScope changes from ${scopeBefore ?? 'System (absent)'} to ${scopeAfter ?? 'System (absent)'}: the profile moves to the other channel, so it is removed from one and installed on the other.`;
    } else kind = same ? 'unchanged' : 'updated';
    const change = profileChange(kind, x, y, why);
    if (scopeChanged) change.scope = { before: scopeBefore, after: scopeAfter };
    const payloads = comparePayloads(x, y, kind === 'reinstalled' ? 'reinstalled' : undefined);
    change.payloads = payloads.map((p) => p.change);
    return { change, before: x, after: y, payloads };
  });
}

/** References (PayloadCertificateUUID and the like) that point nowhere after the change but did before, or are new. */
export function brokenReferences(deltas: readonly ProfileDelta[]): BrokenReference[] {
  const out: BrokenReference[] = [];
  for (const d of deltas) {
    if (!d.after) continue;
    const uuids = new Set(d.after.doc.payloads.map((p) => p.uuid).filter((u): u is string => !!u));
    const uuidsBefore = new Set((d.before?.doc.payloads ?? []).map((p) => p.uuid).filter((u): u is string => !!u));
    const refsBefore = new Map((d.before?.doc.payloads ?? []).flatMap((p) => p.references).map((r) => [r.keyPath, r.node.value.trim()]));
    for (const p of d.after.doc.payloads) {
      for (const r of p.references) {
        const uuid = r.node.value.trim();
        if (uuids.has(uuid)) continue;
        // Already broken the same way before: not this change's doing.
        if (refsBefore.get(r.keyPath) === uuid && !uuidsBefore.has(uuid)) continue;
        const target = d.before?.doc.payloads.find((q) => q.uuid === uuid);
        out.push({
          file: d.after.doc.documentId,
          keyPath: r.keyPath,
          key: r.key,
          uuid,
          ...(target ? { targetBefore: { type: target.type, identifier: target.identifier } } : {}),
          says: target
            ? `${r.key} names ${uuid}, the PayloadUUID of ${target.identifier ?? target.type ?? 'a payload'} before the change; that payload ${d.after.doc.payloads.some((q) => q.identifier === target.identifier && q.type === target.type) ? 'has a new PayloadUUID now' : 'is gone'}, so the reference points nowhere and the payload that uses it fails.`
            : `${r.key} names ${uuid}, which no payload of this profile has.`,
          source: CHANGE_KINDS.reinstalled.source,
        });
      }
    }
  }
  return out;
}
