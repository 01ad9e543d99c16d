import { getValue } from '../plist/ast';
import { keyPathOf } from '../model';
import { valueSpan } from '../dps/locate';
import type { DictEntry } from '../plist/ast';
import { entriesWhere, payloadsOfType } from '../dps/secrets';
import { defineRule } from './define';

const PEM_PRIVATE_KEY = /-----BEGIN (?:RSA |EC |DSA |ENCRYPTED |OPENSSH )?PRIVATE KEY-----/;

/** At most 1 MB of a data value's base64 is looked at (a whole number of 4-character groups). */
const DATA_LIMIT = 1024 * 1024 - ((1024 * 1024) % 4);

/**
 * "PRIVATE KEY-----", which ends every PEM private key header, as it reads in base64 at each of the three byte
 * alignments (only the characters it alone decides). Decoded data holds it only if the base64 holds one of these, so
 * a plain search of the text rules out nearly every value without decoding it (`atob` is slow on certificates).
 */
const PEM_KEY_TAIL_IN_BASE64 = [0, 1, 2].map((pad) => {
  const tail = 'PRIVATE KEY-----';
  return btoa('\0'.repeat(pad) + tail).slice([0, 2, 3][pad], Math.floor((pad + tail.length) / 3) * 4);
});

/** Whether base64 data (bounded: at most 1 MB of it is looked at) decodes to text holding a PEM private key. */
function dataHoldsPemKey(base64: string): boolean {
  // The parser removed the whitespace from data values: the base64 is one run of characters.
  const looked = base64.length > DATA_LIMIT ? base64.slice(0, DATA_LIMIT) : base64;
  if (!PEM_KEY_TAIL_IN_BASE64.some((tail) => looked.includes(tail))) return false;
  try {
    return PEM_PRIVATE_KEY.test(atob(looked));
  } catch {
    return false;
  }
}

/** A string or data value holding a PEM private key. */
function holdsPemKey(entry: DictEntry): boolean {
  const v = entry.value;
  if (!v || (v.kind !== 'string' && v.kind !== 'data')) return false;
  // Every PEM private key header ends so: a plain search rules out nearly every string before the expression runs.
  return v.kind === 'string' ? v.value.includes('PRIVATE KEY-----') && PEM_PRIVATE_KEY.test(v.value) : dataHoldsPemKey(v.value);
}

/**
 * A private key carried in the profile: a PKCS#12 identity (its PayloadContent
 * holds the key), or a PEM private key pasted into any string or data value.
 */
export const embeddedPrivateKey = defineRule({
  code: 'DPS494',
  name: 'embedded-private-key',
  severity: 'warning',
  summary: 'The profile carries a private key (a PKCS#12 identity or a PEM private key).',
  sources: ['applePkcs12'],
  check(ctx) {
    for (const { doc, payload } of payloadsOfType(ctx.deployment, /^com\.apple\.security\.pkcs12$/)) {
      const content = getValue(payload.dict, 'PayloadContent');
      if (content?.kind !== 'data' || content.value === '') continue;
      ctx.report(doc, {
        code: this.code,
        message:
          'This PKCS#12 payload embeds an identity: a private key travels in the profile, protected only by its password. Prefer SCEP or ACME, which create the key on the Mac; keep this file out of repositories and exports.',
        span: valueSpan(content),
        keyPath: keyPathOf(content),
      });
    }
    for (const doc of ctx.deployment.documents) {
      for (const entry of entriesWhere(doc.root, holdsPemKey)) {
        const v = entry.value!;
        ctx.report(doc, {
          code: this.code,
          message: `${entry.key} holds a PEM private key (value not shown). A private key in a profile is readable by anyone with the file; deliver the identity with SCEP or ACME instead, and replace this key.`,
          span: valueSpan(v),
          keyPath: keyPathOf(v),
        });
      }
    }
  },
});
