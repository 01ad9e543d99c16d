import { SaxesParser } from 'saxes';

/** mulberry32: a tiny seeded PRNG, so every fuzz run sees the same inputs. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Random {
  private readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }
  /** 0 ≤ n < max */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

const TAGS = [
  '<dict>',
  '</dict>',
  '<array>',
  '</array>',
  '<key>K</key>',
  '<key>',
  '</key>',
  '<string>',
  '</string>',
  '<string/>',
  '<integer>',
  '</integer>',
  '<integer>1</integer>',
  '<real>x</real>',
  '<date>2024-13-40T00:00:00Z</date>',
  '<data>!!</data>',
  '<true/>',
  '<false/>',
  '<true>',
  '<plist>',
  '</plist>',
  '<bogus>',
  '<!--',
  '-->',
  '<!-- c -->',
  '<![CDATA[',
  ']]>',
  '<?xml version="1.0"?>',
  '<!DOCTYPE plist [<!ENTITY e "x">]>',
  '&e;',
  '&#0;',
  '&#xD800;',
  '<a b="1" b="2">',
  '<:>',
];
const INVALID_UTF8 = [[0xff], [0xfe], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf], [0x80]];
const MARKUP = ['<', '&', ']]>', '>', '"', '&amp', '</'];

export type MutationName = 'truncate' | 'flip' | 'insert-tag' | 'delete-tag' | 'invalid-utf8' | 'insert-markup' | 'duplicate-slice';
export const MUTATIONS: MutationName[] = ['truncate', 'flip', 'insert-tag', 'delete-tag', 'invalid-utf8', 'insert-markup', 'duplicate-slice'];

const insertAt = (b: Buffer, at: number, piece: Buffer) => Buffer.concat([b.subarray(0, at), piece, b.subarray(at)]);

/** One seeded mutation of a document's bytes. */
export function mutate(input: Buffer, rnd: Random, kind: MutationName): Buffer {
  const at = rnd.int(input.length + 1);
  switch (kind) {
    case 'truncate':
      return input.subarray(0, at);
    case 'flip': {
      const out = Buffer.from(input);
      const n = 1 + rnd.int(8);
      for (let i = 0; i < n && out.length; i++) out[rnd.int(out.length)] ^= 1 + rnd.int(255);
      return out;
    }
    case 'insert-tag':
      return insertAt(input, at, Buffer.from(rnd.pick(TAGS)));
    case 'delete-tag': {
      const lt = input.indexOf(0x3c /* < */, at);
      if (lt < 0) return input.subarray(0, at);
      const gt = input.indexOf(0x3e /* > */, lt);
      return Buffer.concat([input.subarray(0, lt), input.subarray(gt < 0 ? input.length : gt + 1)]);
    }
    case 'invalid-utf8':
      return insertAt(input, at, Buffer.from(rnd.pick(INVALID_UTF8)));
    case 'insert-markup':
      return insertAt(input, at, Buffer.from(rnd.pick(MARKUP)));
    case 'duplicate-slice': {
      const len = rnd.int(Math.min(200, input.length - at) + 1);
      return insertAt(input, rnd.int(input.length + 1), input.subarray(at, at + len));
    }
  }
}

/**
 * An independent well-formedness judge: strict UTF-8 (or UTF-16 with a BOM)
 * decoding, then saxes run directly (not through our parser). Returns the
 * reason the input is not well-formed XML, or undefined when it is.
 */
export function notWellFormed(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return 'empty';
  let text: string;
  try {
    if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    else if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    else text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return 'invalid encoding';
  }
  const parser = new SaxesParser({ xmlns: false });
  // The first error settles it; throwing stops saxes (which is slow on inputs with 10^5 errors).
  parser.on('error', (e) => {
    throw e;
  });
  try {
    parser.write(text).close();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
