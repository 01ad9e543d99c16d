import type { ProblemInput } from './problem';
import type { SignedEnvelope } from './signed/envelope';
import { openSignedProfile } from './signed/load';
import { looksSigned } from './signed/sniff';

export interface Decoded {
  /** Undefined when the bytes are not text we can check at all (binary, bplist, unreadable signed data). */
  text: string | undefined;
  problems: ProblemInput[];
  /** Set for a CMS-signed file: `text` is then its embedded content. */
  signed?: SignedEnvelope;
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
  if (looksSigned(bytes)) {
    const opened = openSignedProfile(bytes);
    const content = opened.ok ? opened.envelope.content : undefined;
    if (!opened.ok || content === undefined) {
      const why = opened.ok ? 'the signature is detached (the profile is not inside)' : opened.reason;
      return { text: undefined, problems: [{ code: 'DPS121', message: `This file is CMS signed data, but its content cannot be read: ${why}.`, span: none }] };
    }
    // A signature inside a signature is not a profile: decode the content as plain bytes only.
    const inner = looksSigned(content)
      ? {
          text: undefined,
          problems: [{ code: 'DPS121', message: 'The signed content is itself signed data; unwrap it once and check the result.', span: none }],
        }
      : decodeBytes(content);
    return { ...inner, signed: opened.envelope };
  }
  let text: string;
  const problems: ProblemInput[] = [];
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  } else if (utf16WithoutBom(bytes)) {
    // `<?xml` in UTF-16 without a byte order mark (the XML spec allows it; some tools write it): the NUL bytes
    // of ASCII characters say which byte order.
    text = new TextDecoder(utf16WithoutBom(bytes)!).decode(bytes);
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
    // One strict decode; only invalid UTF-8 (rare) is decoded a second time, with replacement characters.
    const strict = decodeUtf8Strict(body);
    text = strict ?? new TextDecoder('utf-8').decode(body);
    if (strict === undefined) {
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

/**
 * UTF-16 without a BOM, by the pattern of its first characters: an ASCII
 * character then NUL (little endian) or NUL then ASCII (big endian), for every
 * one of the first 16 characters, the first one being `<` or whitespace.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length - (bytes.length % 2), 32);
  if (n < 8) return undefined;
  const ascii = (b: number) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f);
  const startOk = (b: number) => b === 0x3c || b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
  let le = startOk(bytes[0]) && bytes[1] === 0;
  let be = bytes[0] === 0 && startOk(bytes[1]);
  for (let i = 0; i < n && (le || be); i += 2) {
    le &&= ascii(bytes[i]) && bytes[i + 1] === 0;
    be &&= bytes[i] === 0 && ascii(bytes[i + 1]);
  }
  return le ? 'utf-16le' : be ? 'utf-16be' : undefined;
}

function startsWithAscii(bytes: Uint8Array, s: string): boolean {
  if (bytes.length < s.length) return false;
  for (let i = 0; i < s.length; i++) if (bytes[i] !== s.charCodeAt(i)) return false;
  return true;
}

/** One strict decoder for every file: a decode call without `stream` starts afresh, and making one per file costs more than the decoding of a small file. */
let strictUtf8: InstanceType<typeof TextDecoder> | undefined;

/** The text, or undefined when the bytes are not valid UTF-8. */
function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  try {
    strictUtf8 ??= new TextDecoder('utf-8', { fatal: true });
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
