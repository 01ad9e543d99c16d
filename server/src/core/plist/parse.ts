import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { ProblemInput } from '../problem';
import type { DictEntry, DictNode, PlistNode, Span } from './ast';
import {
  MAX_DEPTH,
  closeNode,
  finishScalar,
  isValueElement,
  leadingBlankProblem,
  newEntry,
  newNode,
  reportDuplicateKeys,
  truncate,
  type ParseResult,
} from './build';
import { parseFast } from './fast-parse';

/**
 * The plist parser. saxes (a conformant, non-validating XML 1.0 parser) does
 * the XML; this file builds the plist tree on its events. It never throws:
 * every XML or plist error becomes a problem and parsing carries on, so one
 * typo does not hide the rest of the file.
 *
 * Safety: saxes never loads a DTD, never resolves an external entity and
 * never expands entities declared in an internal subset (it reports them as
 * undefined and keeps the text literally), so XXE and entity bombs are inert.
 *
 * Speed: a well-formed plist goes through the hand-written scanner of fast-parse.ts, which builds the same
 * tree and problems from the same functions (build.ts); whatever it does not reproduce exactly (any XML
 * error, DTD subset, unknown element, most plist problems) makes it give up, and saxes parses the text.
 * test/fast-parse-differential.test.ts compares the two on the corpus, the fixtures and the fuzz mutants.
 */

export type { ParseResult } from './build';
export { MAX_DEPTH } from './build';

/** Enough to locate the real problems of a broken file without flooding the editor. */
const MAX_XML_ERRORS = 50;
const TOO_MANY_ERRORS = new Error('too many XML errors');

/** The plist tree and every problem of `text`; never throws. */
export function parsePlist(text: string): ParseResult {
  return parseFast(text) ?? parseWithSaxes(text);
}

interface Frame {
  name: string;
  /** Offset of `<` of the open tag. */
  start: number;
  /** Offset just after `>` of the open tag. */
  openEnd: number;
  /** The plist node this element builds, when it is a value element being kept. */
  node?: PlistNode;
  /** Text content gathered for scalar elements and <key>. */
  text: string;
  /** Non-whitespace text seen directly inside a container (reported once). */
  strayReported?: boolean;
  /** Inside an element we do not understand or a too-deep subtree: ignore contents. */
  ignore: boolean;
  /** This frame incremented the container depth (undone when it closes). */
  countsDepth?: boolean;
}

/** The saxes-based parser: every input, every XML error (parsePlist uses it when the fast path gives up). */
export function parseWithSaxes(text: string): ParseResult {
  const problems: ProblemInput[] = [];
  let root: PlistNode | undefined;
  let plistSpan: Span | undefined;
  let xmlErrors = 0;
  let depth = 0; // plist container depth
  let depthReported = false;
  let sawRootElement = false;

  const stack: Frame[] = [];
  // The dict entry waiting for its value, per dict node.
  // The entry itself, completed (value set) and pushed when the value element closes.
  const pendingKey = new Map<DictNode, DictEntry>();

  const parser = newSaxesParser();

  const tagStartBefore = (pos: number): number => {
    const i = text.lastIndexOf('<', pos - 1);
    return i < 0 ? 0 : i;
  };

  const report = (code: string, message: string, span: Span, data?: Record<string, unknown>) => {
    problems.push({ code, message, span, data });
  };

  /** Where the last piece of markup ended: the start of the text that follows it (for DPS115's span). */
  let markupEnd = 0;
  let lastXmlErrorAt = -1;
  parser.on('error', (err: Error) => {
    // saxes often reports one mistake several times at one spot; say it once.
    if (parser.position === lastXmlErrorAt) return;
    lastXmlErrorAt = parser.position;
    xmlErrors++;
    // Past the cap, stop parsing: saxes can report an error per character of hostile input.
    if (xmlErrors > MAX_XML_ERRORS) throw TOO_MANY_ERRORS;
    const pos = Math.min(parser.position, text.length);
    // saxes prefixes messages with "line:column: "; our ranges carry that already.
    const message = err.message.replace(/^\d+:\d+:\s*/, '');
    const start = Math.max(0, Math.min(pos > 0 ? pos - 1 : 0, text.length));
    const lead = /^\s+(?=<\?xml[\s?])/.exec(text)?.[0].length ?? 0;
    if (lead > 0 && /XML declaration must be at the start/i.test(message) && start <= lead + 5) {
      problems.push(leadingBlankProblem(lead));
      return;
    }
    report('DPS101', `XML is not well formed: ${message.replace(/\.$/, '')}.`, { start, end: Math.min(start + 1, text.length) || start });
  });

  parser.on('doctype', (doctype: string) => {
    const end = parser.position;
    markupEnd = end;
    const start = text.lastIndexOf('<!DOCTYPE', end) >= 0 ? text.lastIndexOf('<!DOCTYPE', end) : tagStartBefore(end);
    if (/\[/.test(doctype) || /<!ENTITY/i.test(doctype)) {
      report(
        'DPS104',
        'The DOCTYPE has an internal subset (entity declarations). It is ignored: entities are never expanded, so any reference to them stays as literal text and is reported.',
        { start, end },
      );
    } else if (/\bSYSTEM\b/i.test(doctype) || (/\bPUBLIC\b/i.test(doctype) && !/PropertyList-1\.0\.dtd/.test(doctype))) {
      report('DPS104', "The DOCTYPE names an external DTD other than Apple's PropertyList-1.0.dtd. It is never fetched.", { start, end });
    }
  });

  const parentFrame = (): Frame | undefined => stack[stack.length - 1];

  // saxes keeps one handler per event: these have no other use here.
  // They may fire just before the closing `>`, so the markup ends after the next `>`.
  for (const event of ['xmldecl', 'comment', 'processinginstruction'] as const) {
    parser.on(event, () => {
      const gt = text.indexOf('>', Math.max(0, parser.position - 1));
      markupEnd = gt >= 0 ? gt + 1 : parser.position;
    });
  }

  const attach = (node: PlistNode, frame: Frame) => {
    const parent = parentFrame();
    if (!parent) return;
    const pnode = parent.node;
    if (parent.name === 'plist') {
      if (root === undefined) root = node;
      else report('DPS105', 'A <plist> holds exactly one value; this extra value is ignored.', node.span);
      return;
    }
    if (!pnode) return;
    if (pnode.kind === 'array') {
      node.parent = pnode;
      pnode.items.push(node);
    } else if (pnode.kind === 'dict') {
      const pending = pendingKey.get(pnode);
      if (!pending) {
        report('DPS108', `This <${frame.name}> in a <dict> has no <key> before it; add the key or remove the value.`, node.openTag);
        return;
      }
      pendingKey.delete(pnode);
      node.parent = pnode;
      pending.value = node;
      pnode.entries.push(pending);
    }
  };

  parser.on('opentag', (tag: SaxesTagPlain) => {
    const openEnd = parser.position;
    markupEnd = openEnd;
    const start = tagStartBefore(openEnd);
    const name = tag.name;
    const parent = parentFrame();
    const frame: Frame = { name, start, openEnd, text: '', ignore: parent?.ignore ?? false };
    stack.push(frame);
    if (frame.ignore) return;

    if (!sawRootElement) {
      sawRootElement = true;
      if (name !== 'plist') {
        report('DPS105', `The root element is <${name}>; a property list starts with <plist>.`, { start, end: openEnd });
        // Keep going as if this were <plist>, so a bare <dict> is still checked.
        if (isValueElement(name)) {
          frame.name = 'plist';
          stack.pop();
          stack.push({ name: 'plist', start, openEnd: start, text: '', ignore: false });
          depth = 0;
          // Re-dispatch this element as a value inside the synthetic <plist>.
          openValue(name, start, openEnd);
          return;
        }
        frame.name = 'plist';
        return;
      }
      const version = tag.attributes.version;
      if (typeof version === 'string' && version !== '1.0' && version !== '1') {
        report('DPS118', `<plist version="${version}">: only version 1.0 exists ("1" is read the same).`, { start, end: openEnd });
      }
      return;
    }

    if (name === 'key') {
      if (parent?.node?.kind !== 'dict') {
        report('DPS106', '<key> is only allowed directly inside a <dict>.', { start, end: openEnd });
        frame.ignore = true;
      }
      return;
    }
    if (name === 'plist') {
      report('DPS106', 'A <plist> element cannot be nested.', { start, end: openEnd });
      frame.ignore = true;
      return;
    }
    if (!isValueElement(name)) {
      report(
        'DPS106',
        `<${name}> is not a property list element (dict, array, key, string, integer, real, true, false, date, data).`,
        { start, end: openEnd },
        { element: name },
      );
      frame.ignore = true;
      return;
    }
    stack.pop();
    openValue(name, start, openEnd);
  });

  function openValue(name: string, start: number, openEnd: number) {
    const parent = parentFrame();
    const frame: Frame = { name, start, openEnd, text: '', ignore: false };
    stack.push(frame);
    if (parent && parent.node && parent.node.kind !== 'dict' && parent.node.kind !== 'array') {
      report('DPS106', `<${name}> cannot appear inside <${parent.name}>.`, { start, end: openEnd });
      frame.ignore = true;
      return;
    }
    if (name === 'dict' || name === 'array') {
      depth++;
      frame.countsDepth = true;
      if (depth > MAX_DEPTH) {
        if (!depthReported) {
          depthReported = true;
          report('DPS114', `Nesting deeper than ${MAX_DEPTH} levels; the contents below this point are not checked.`, { start, end: openEnd });
        }
        frame.ignore = true;
        frame.name = name;
        return;
      }
    }
    frame.node = newNode(name, start, openEnd);
  }

  parser.on('text', (t: string) => {
    const frame = parentFrame();
    if (!frame || frame.ignore) return;
    if (frame.name === 'key' || (frame.node && frame.node.kind !== 'dict' && frame.node.kind !== 'array')) {
      frame.text += t;
      return;
    }
    if (/\S/.test(t) && !frame.strayReported) {
      frame.strayReported = true;
      // The raw text runs from the end of the previous markup to the `<` that ended it (the decoded
      // string differs from the source: entities, CRLF), so take the span from positions, trimmed.
      let end = Math.min(parser.position, text.length);
      if (end > 0 && text.charCodeAt(end - 1) === 60 /* < */) end--;
      let start = Math.min(markupEnd, end);
      while (start < end && /\s/.test(text[start])) start++;
      while (end > start && /\s/.test(text[end - 1])) end--;
      report('DPS115', `Text outside any value element: "${truncate(t.trim(), 40)}". Wrap it in an element or remove it.`, { start, end });
    }
  });

  parser.on('cdata', (t: string) => {
    markupEnd = parser.position;
    const frame = parentFrame();
    if (frame && !frame.ignore && (frame.name === 'key' || (frame.node && frame.node.kind !== 'dict' && frame.node.kind !== 'array'))) {
      frame.text += t;
    }
  });

  parser.on('closetag', (tag: SaxesTagPlain) => {
    markupEnd = parser.position;
    const frame = stack.pop();
    if (!frame) return;
    const pos = parser.position;
    const closeStart = tagStartBefore(pos);
    // saxes closes unclosed elements implicitly at a mismatched close tag; then
    // the close tag at this position is not ours and the element ends where it starts.
    const isOwnClose = pos === frame.openEnd ? true : text.charCodeAt(closeStart + 1) === 47 /* / */ && text.startsWith(tag.name, closeStart + 2);
    const end = isOwnClose ? pos : closeStart;
    const contentEnd = pos === frame.openEnd ? frame.openEnd : isOwnClose ? closeStart : closeStart;
    if (frame.countsDepth) depth--;
    if (frame.ignore) return;
    if (frame.name === 'plist') {
      plistSpan = { start: frame.start, end };
      return;
    }
    if (frame.name === 'key') {
      const parent = parentFrame();
      const dict = parent?.node;
      if (dict?.kind !== 'dict') return;
      const previous = pendingKey.get(dict);
      if (previous) {
        report('DPS107', `The key "${previous.key}" has no value; add one after it (for example <string></string>) or remove the key.`, previous.keySpan, {
          key: previous.key,
        });
      }
      const key = frame.text;
      pendingKey.set(dict, newEntry(key, frame.start, end, frame.openEnd, Math.max(frame.openEnd, contentEnd)));
      return;
    }
    const node = frame.node;
    if (!node) return;
    closeNode(node, end, Math.max(frame.openEnd, contentEnd));
    finishScalar(node, frame.text, problems);
    if (node.kind === 'dict') {
      const pending = pendingKey.get(node);
      if (pending) {
        pendingKey.delete(node);
        report('DPS107', `The key "${pending.key}" has no value; add one after it (for example <string></string>) or remove the key.`, pending.keySpan, {
          key: pending.key,
        });
      }
      reportDuplicateKeys(node, problems);
    }
    attach(node, frame);
  });

  let stoppedEarly = false;
  try {
    parser.write(text).close();
  } catch (err) {
    if (err === TOO_MANY_ERRORS) stoppedEarly = true;
    // saxes reports through the error handler; this is a last line of defence.
    else
      report('DPS101', `XML is not well formed: ${(err as Error).message}`, {
        start: Math.min(parser.position, text.length),
        end: Math.min(parser.position, text.length),
      });
  }

  // Elements left open at end of input (saxes reports the XML error); still keep what was built.
  while (stack.length) {
    const frame = stack.pop()!;
    if (frame.ignore || !frame.node) {
      if (frame.name === 'plist' && plistSpan === undefined) plistSpan = { start: frame.start, end: text.length };
      continue;
    }
    const node = frame.node;
    closeNode(node, text.length, text.length);
    finishScalarQuiet(node, frame.text);
    attach(node, frame);
  }

  if (stoppedEarly) {
    const at = Math.min(parser.position, text.length);
    report('DPS101', `More than ${MAX_XML_ERRORS} XML errors; checking stopped here. Fix the errors above first.`, { start: at, end: at });
  }
  if (root === undefined && sawRootElement && xmlErrors === 0) {
    report('DPS105', 'The <plist> element holds no value; a profile is a <dict> inside <plist>.', plistSpan ?? { start: 0, end: 0 });
  }
  if (!sawRootElement && xmlErrors === 0) {
    report('DPS105', 'No <plist> element was found.', { start: 0, end: 0 });
  }

  return { root, plistSpan, problems };
}

/** The handler slots of a SaxesParser (private in its types). */
interface HandlerSlots {
  xmldeclHandler: undefined;
  textHandler: undefined;
  piHandler: undefined;
  doctypeHandler: undefined;
  commentHandler: undefined;
  openTagStartHandler: undefined;
  attributeHandler: undefined;
  openTagHandler: undefined;
  closeTagHandler: undefined;
  cdataHandler: undefined;
  errorHandler: undefined;
  endHandler: undefined;
  readyHandler: undefined;
}

/**
 * A SaxesParser whose handler slots exist from the start. `parser.on()` adds each handler with a keyed
 * store (`this[name] = handler`); after a few of those V8 turns the parser into a slow dictionary object,
 * and every state-machine property read in saxes' inner loop gets slower (the corpus parsed about 3x
 * slower). Named stores right after construction keep its properties fast; `on()` then only overwrites.
 * test/parser-fast-properties.test.ts fails if the slow path returns.
 */
function newSaxesParser() {
  const parser = new SaxesParser({ position: true, xmlns: false });
  const slots = parser as unknown as HandlerSlots;
  // One named store per slot (a loop over names would be keyed stores, the slow path itself).
  slots.xmldeclHandler = slots.textHandler = slots.piHandler = slots.doctypeHandler = slots.commentHandler = undefined;
  slots.openTagStartHandler = slots.attributeHandler = slots.openTagHandler = slots.closeTagHandler = undefined;
  slots.cdataHandler = slots.errorHandler = slots.endHandler = slots.readyHandler = undefined;
  return parser;
}

function finishScalarQuiet(node: PlistNode, raw: string) {
  if (node.kind === 'string') node.value = raw;
  else if (node.kind === 'date') node.value = raw.trim();
  else if (node.kind === 'data') node.value = raw.replace(/\s+/g, '');
  else if (node.kind === 'integer' || node.kind === 'real') {
    node.raw = raw.trim();
    node.value = Number(node.raw);
  }
}
