import type { ProfileDocument } from '../model';
import type { ProblemInput } from '../problem';
import { PROFILE_SCHEMA_ID } from './registry';
import { validateDict } from './validate';

/**
 * Every dictionary of a document that has a schema: the profile's top level,
 * each payload by its PayloadType, and each preference-settings dictionary by
 * its domain (bare plists and MCX-delivered settings; a custom payload whose
 * PayloadType is the domain is already checked as a payload).
 */
export function validateDocument(doc: ProfileDocument): ProblemInput[] {
  const out: ProblemInput[] = [];
  if (doc.kind === 'profile' && doc.profileDict) {
    appendAll(out, validateDict({ dict: doc.profileDict, schemaId: PROFILE_SCHEMA_ID, keyPath: '', label: 'The profile', itemsApart: 'PayloadContent' }));
  }
  for (const p of doc.payloads) {
    if (!p.type) continue;
    appendAll(out, validateDict({ dict: p.dict, schemaId: p.type, keyPath: p.keyPath, label: `the ${p.type} payload` }));
  }
  for (const pref of doc.preferences) {
    if (pref.via === 'custom-payload') continue;
    appendAll(out, validateDict({ dict: pref.dict, schemaId: pref.domain, keyPath: pref.keyPath, label: `the ${pref.domain} settings` }));
  }
  return out;
}

/** push(...list) overflows the stack for huge lists (a file with 100,000 unknown keys). */
export function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
