import { getEntry, type DictNode, type Span, type StringNode } from './plist/ast';
import type { ProfileDocument, PayloadModel } from './model';
import { joinKeyPath } from './model';
import type { ProblemInput } from './problem';
import { getSchema } from './schema/registry';
import { isPlaceholder } from './placeholders';
import { insertEntry, replaceValue } from './edit';
import { newUuid } from './okta';

/**
 * Profile-level checks that no single payload schema can make: the Payload
 * keys every payload needs, UUID / identifier uniqueness within the profile,
 * PayloadVersion, the shape of PayloadContent, payload types allowed once,
 * and UUID references to payloads that are not there.
 */

const UUID_RE = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const REQUIRED_PAYLOAD_KEYS = ['PayloadType', 'PayloadIdentifier', 'PayloadUUID', 'PayloadVersion'] as const;

export function checkStructure(doc: ProfileDocument, text: string): ProblemInput[] {
  const out: ProblemInput[] = [];
  if (doc.kind === 'profile' && doc.profileDict) {
    const top = doc.profileDict;
    requirePayloadKeys(text, top, '', 'The profile', out);
    const content = getEntry(top, 'PayloadContent');
    if (!content) {
      // An encrypted profile carries EncryptedPayloadContent instead; nothing to check inside.
      if (!getEntry(top, 'EncryptedPayloadContent'))
        out.push({
          code: 'DPS206',
          message: 'The profile has no PayloadContent array; add one holding its payload dictionaries.',
          span: top.openTag,
          keyPath: 'PayloadContent',
          data: { missingKey: 'PayloadContent' },
        });
    } else if (content.value?.kind !== 'array') {
      out.push({
        code: 'DPS206',
        message: 'PayloadContent must be an <array> of payload dictionaries.',
        span: content.value?.span ?? content.keySpan,
        keyPath: 'PayloadContent',
      });
    } else {
      content.value.items.forEach((item, i) => {
        if (item.kind !== 'dict') {
          out.push({
            code: 'DPS206',
            message: `PayloadContent[${i}] must be a payload <dict>, not <${item.kind}>.`,
            span: item.span,
            keyPath: `PayloadContent[${i}]`,
          });
        }
      });
    }
    for (const p of doc.payloads) requirePayloadKeys(text, p.dict, p.keyPath, `Payload ${p.index + 1}${p.type ? ` (${p.type})` : ''}`, out);
    checkUniqueness(doc, out);
    checkAllowedOnce(doc, out);
    checkReferences(doc, out);
  } else if (doc.kind === 'payload') {
    for (const p of doc.payloads) requirePayloadKeys(text, p.dict, p.keyPath, 'The payload', out);
  } else if (doc.kind === 'unknown' && doc.root) {
    out.push({
      code: 'DPS208',
      message:
        'This property list is neither a configuration profile (PayloadType Configuration), a payload, nor a known preference domain; only its syntax was checked. Name it <domain>.plist to check it as preferences.',
      span: doc.root.openTag,
    });
  }
  return out;
}

function requirePayloadKeys(text: string, dict: DictNode, keyPath: string, label: string, out: ProblemInput[]) {
  for (const key of REQUIRED_PAYLOAD_KEYS) {
    const entry = getEntry(dict, key);
    if (!entry) {
      const innerVersion = key === 'PayloadVersion' && keyPath !== '';
      out.push({
        code: 'DPS201',
        message: innerVersion
          ? `${label} has no PayloadVersion. Apple marks it required (set it to 1); macOS installs such payloads, but MDM upload checks and Apple Business Manager may reject them.`
          : `${label} has no ${key}; every payload needs PayloadType, PayloadIdentifier, PayloadUUID and PayloadVersion.`,
        // A missing PayloadVersion inside PayloadContent is common in published profiles that install fine: a warning.
        severity: innerVersion ? 'warning' : undefined,
        span: dict.openTag,
        keyPath: joinKeyPath(keyPath, key),
        data: { missingKey: key, parentKeyPath: keyPath },
        // PayloadVersion has one right value; the others need the admin's choice (or uuidgen for a UUID).
        fixes:
          key === 'PayloadVersion'
            ? [{ title: 'Add PayloadVersion 1', edits: [insertEntry(text, dict, 'PayloadVersion', '<integer>1</integer>')], preferred: true, safe: true }]
            : key === 'PayloadUUID'
              ? [{ title: 'Add a new PayloadUUID', edits: [insertEntry(text, dict, 'PayloadUUID', `<string>${newUuid()}</string>`)], preferred: true }]
              : undefined,
      });
      continue;
    }
    const v = entry.value;
    if (key === 'PayloadVersion' && v?.kind === 'integer' && !Number.isNaN(v.value) && v.value !== 1) {
      out.push({
        code: 'DPS205',
        message: `PayloadVersion must be 1; found ${v.raw}.`,
        span: v.content,
        keyPath: joinKeyPath(keyPath, key),
        data: { found: v.raw },
        fixes: [{ title: 'Set PayloadVersion to 1', edits: [replaceValue(v, { kind: 'integer', value: 1 })], preferred: true, safe: true }],
      });
    }
    if (key === 'PayloadUUID' && v?.kind === 'string' && !UUID_RE.test(v.value.trim()) && !isPlaceholder(v.value)) {
      out.push({
        code: 'DPS202',
        message: `PayloadUUID "${v.value}" is not a UUID (8-4-4-4-12 hexadecimal digits). It works only while it stays unique; generate one with uuidgen.`,
        span: v.content.start === v.content.end ? v.span : v.content,
        keyPath: joinKeyPath(keyPath, key),
      });
    }
  }
}

function checkUniqueness(doc: ProfileDocument, out: ProblemInput[]) {
  const top = doc.profileDict!;
  // Labels are written only for the payloads a problem names (a large profile has thousands that are fine).
  const labelOf = (p: PayloadModel | undefined) => (p ? `payload ${p.index + 1}${p.type ? ` (${p.type})` : ''}` : 'the profile');
  for (const key of ['PayloadUUID', 'PayloadIdentifier'] as const) {
    // The first holder of each value and its node; spans are made only for what is reported.
    const firstBy = new Map<string, { payload: PayloadModel | undefined; node: StringNode }>();
    const check = (dict: DictNode, keyPath: string, payload: PayloadModel | undefined) => {
      const v = getEntry(dict, key)?.value;
      if (v?.kind !== 'string') return;
      const value = key === 'PayloadUUID' ? v.value.trim().toUpperCase() : v.value.trim();
      if (value === '' || isPlaceholder(value)) return;
      const first = firstBy.get(value);
      if (!first) {
        firstBy.set(value, { payload, node: v });
        return;
      }
      const firstLabel = labelOf(first.payload);
      out.push({
        code: key === 'PayloadUUID' ? 'DPS203' : 'DPS204',
        message: `${key} "${v.value}" is also used by ${firstLabel}; each payload of a profile needs its own ${key}.`,
        span: valueOrElementSpan(v),
        keyPath: joinKeyPath(keyPath, key),
        related: [{ documentId: doc.documentId, span: valueOrElementSpan(first.node), message: `${key} of ${firstLabel}` }],
        data: { value: v.value },
        // A fresh UUID is a guess about which payload keeps the old one, so it is offered, never applied in bulk.
        fixes:
          key === 'PayloadUUID'
            ? [{ title: 'Give this payload a new PayloadUUID', edits: [replaceValue(v, { kind: 'string', value: newUuid() })], preferred: true }]
            : undefined,
      });
    };
    // Many tools give a single-payload profile the same identifier as its payload; macOS accepts it.
    if (key === 'PayloadUUID') check(top, '', undefined);
    for (const p of doc.payloads) check(p.dict, p.keyPath, p);
  }
}

/** A value's text, or the whole element when it is empty (`<string/>`). */
function valueOrElementSpan(v: StringNode): Span {
  return v.openEnd === v.contentEnd ? v.span : v.content;
}

function checkAllowedOnce(doc: ProfileDocument, out: ProblemInput[]) {
  const payloads = doc.payloads;
  const seen = new Map<string, PayloadModel>();
  for (const p of payloads) {
    if (!p.type) continue;
    const facts = getSchema(p.type)?.payload as { multiple?: boolean } | undefined;
    if (facts?.multiple !== false) continue;
    const first = seen.get(p.type);
    if (!first) {
      seen.set(p.type, p);
      continue;
    }
    const typeNode = getEntry(p.dict, 'PayloadType')?.value;
    out.push({
      code: 'DPS207',
      message: `Apple allows one ${p.type} payload per profile; this is the second. Merge it into the first or move it to another profile.`,
      span: typeNode?.span ?? p.dict.openTag,
      keyPath: joinKeyPath(p.keyPath, 'PayloadType'),
      related: [
        { documentId: doc.documentId, span: getEntry(first.dict, 'PayloadType')?.value?.span ?? first.dict.openTag, message: `first ${p.type} payload` },
      ],
    });
  }
}

function checkReferences(doc: ProfileDocument, out: ProblemInput[]) {
  const uuids = new Set(doc.payloads.map((p) => p.uuid?.trim().toUpperCase()).filter((u): u is string => !!u));
  for (const p of doc.payloads) {
    for (const ref of p.references) {
      const value = ref.node.value.trim();
      if (value === '' || isPlaceholder(value) || uuids.has(value.toUpperCase())) continue;
      out.push({
        code: 'DPS209',
        message: `${ref.key} "${value}" names no payload in this profile; the payload it needs must be in the same profile.`,
        span: ref.node.content.start === ref.node.content.end ? ref.node.span : ref.node.content,
        keyPath: ref.keyPath,
        data: { reference: value },
      });
    }
  }
}
