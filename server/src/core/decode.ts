import type { ProblemInput } from './problem';

export interface Decoded {
  /** Undefined when the bytes are not text we can check at all (binary, signed, bplist). */
  text: string | undefined;
  problems: ProblemInput[];
}

const SNIFF = 8192;

/**
 * Bytes → text, the way a careful editor would: UTF-8 (BOM stripped, as VS Code
 * does, so offsets agree with the editor) or UTF-16 with a BOM. Binary input is
 * recognised and reported instead of being fed to the XML parser.
 */
export function decodeBytes(bytes: Uint8Array): Decoded {
  const none = { start: 0, end: 0 };
  if (bytes.length === 0) {
    return { text: undefined, problems: [{ code: 'DPS100', message: 'The file is empty; a profile is an XML property list.', span: none }] };
  }
  if (startsWithAscii(bytes, 'bplist')) {
    return {
      text: undefined,
      problems: [{ code: 'DPS116', message: 'This is a binary property list. Convert it to XML (`plutil -convert xml1 <file>`) to check it.', span: none }],
    };
  }
  if (bytes[0] === 0x30 && looksSigned(bytes)) {
    return {
      text: undefined,
      problems: [{ code: 'DPS117', message: 'This profile is CMS-signed (binary DER with the XML inside). Check the unsigned source profile, or unwrap it with `security cms -D -i <file>`.', span: none }],
    };
  }
  let text: string;
  const problems: ProblemInput[] = [];
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  } else {
    const head = bytes.subarray(0, SNIFF);
    if (head.indexOf(0) >= 0) {
      return {
        text: undefined,
        problems: [{ code: 'DPS102', message: 'This file is binary (it holds NUL bytes); a profile is an XML property list.', span: none }],
      };
    }
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    const body = bytes.subarray(start);
    text = new TextDecoder('utf-8').decode(body);
    if (!isValidUtf8(body)) {
      const at = text.indexOf('\uFFFD');
      const offset = at >= 0 ? at : 0;
      problems.push({
        code: 'DPS103',
        message: 'The file is not valid UTF-8; the bytes here were replaced with U+FFFD. Save the file as UTF-8.',
        span: { start: offset, end: Math.min(text.length, offset + 1) },
      });
    }
  }
  if (text.trim() === '') {
    return { text: undefined, problems: [{ code: 'DPS100', message: 'The file holds only whitespace; a profile is an XML property list.', span: none }] };
  }
  return { text, problems };
}

function startsWithAscii(bytes: Uint8Array, s: string): boolean {
  if (bytes.length < s.length) return false;
  for (let i = 0; i < s.length; i++) if (bytes[i] !== s.charCodeAt(i)) return false;
  return true;
}

/** DER SEQUENCE holding the PKCS#7 signedData OID (1.2.840.113549.1.7.2). */
function looksSigned(bytes: Uint8Array): boolean {
  const oid = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
  const limit = Math.min(bytes.length - oid.length, 64);
  outer: for (let i = 0; i <= limit; i++) {
    for (let j = 0; j < oid.length; j++) if (bytes[i + j] !== oid[j]) continue outer;
    return true;
  }
  return false;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
