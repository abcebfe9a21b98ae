/**
 * JSON of answers that are sent again unchanged. A large openssl.cnf's outline is a megabyte
 * of JSON: editors ask for it again on the same version (outline, breadcrumbs, sticky scroll),
 * and after an edit it reuses all but a few of its symbols (features/cnfOutline.ts). Encoding
 * it again each time cost more than answering. A value the server will never modify again is
 * `seal`ed; its JSON is made the first time it is sent and kept with it (a WeakMap: it goes
 * when the value does). The stream transports' writer (`sealedJsonEncoder`) splices that JSON
 * into the response, so the bytes on the wire are exactly `JSON.stringify`'s (a unit test
 * compares them); other transports (Node IPC) serialise the same plain values themselves.
 */
import type { ContentTypeEncoder, ContentTypeEncoderOptions, Message } from 'vscode-languageserver/node';

const sealed = new WeakSet<object>();
const made = new WeakMap<object, string>();

/** Marks `value` (an object or array) as never to be modified again: its JSON may be made once and reused. */
export function seal<T extends object>(value: T): T {
  sealed.add(value);
  return value;
}

/** Whether `value` is sealed (tests). */
export function isSealed(value: unknown): boolean {
  return typeof value === 'object' && value !== null && sealed.has(value);
}

/**
 * `JSON.stringify(value)`, reusing the JSON of sealed values: the value itself, or the
 * elements of an array (an outline made after an edit is a new array that reuses most of
 * the previous one's sealed symbols; an answer merged from several features is a new array
 * too). Undefined when nothing in it is sealed (the caller stringifies as usual).
 */
export function reusedJson(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const kept = made.get(value);
  if (kept !== undefined) return kept;
  const whole = sealed.has(value);
  if (!Array.isArray(value)) return whole ? keep(value, JSON.stringify(value)) : undefined;
  // No element kept apart (a references answer, sent again whole or not at all): one stringify.
  if (!anySealed(value)) return whole ? keep(value, JSON.stringify(value)) : undefined;
  const parts: string[] = [];
  eachPart(
    value,
    (run) => parts.push(run.json),
    (json) => parts.push(json),
  );
  const json = `[${parts.join(',')}]`;
  return whole ? keep(value, json) : json;
}

/** An array element's JSON, as JSON.stringify writes it: undefined, functions and symbols as null. */
function elementJson(e: unknown): string {
  return (typeof e === 'object' && e !== null ? reusedJson(e) : undefined) ?? JSON.stringify(e) ?? 'null';
}

/**
 * The parts of an array's JSON, in order (joined by commas, in brackets, they are the whole):
 * the kept runs of sealed elements, and the JSON of each element in no run.
 */
function eachPart(value: readonly unknown[], run: (r: Run) => void, element: (json: string) => void): void {
  for (let i = 0; i < value.length; ) {
    const r = value.length - i >= runLength ? runOf(value, i) : undefined;
    if (r !== undefined) {
      run(r);
      i += runLength;
    } else element(elementJson(value[i++]));
  }
}

/** Elements in a run whose JSON is kept together (runOf). */
const runLength = 64;

/** A run's elements, their JSON (joined by commas), and its UTF-8 bytes once sent. */
interface Run {
  readonly elements: readonly unknown[];
  readonly json: string;
  bytes?: Buffer;
}

/** The runs of sealed elements made, by the run's first element. */
const runsMade = new WeakMap<object, Run>();

/**
 * The run of `runLength` sealed elements from `from`, its JSON kept: an outline made after an
 * edit is a new array whose runs are mostly the last one's, joined from about 80 runs instead
 * of 5,000 symbols. Undefined when one of them is not sealed.
 */
function runOf(value: readonly unknown[], from: number): Run | undefined {
  const first: unknown = value[from];
  if (typeof first !== 'object' || first === null || !sealed.has(first)) return undefined;
  const kept = runsMade.get(first);
  if (kept) {
    let same = true;
    for (let k = 1; k < runLength && same; k++) same = kept.elements[k] === value[from + k];
    if (same) return kept;
  }
  const elements = value.slice(from, from + runLength);
  for (const e of elements) if (typeof e !== 'object' || e === null || !sealed.has(e)) return undefined;
  // One stringify for the run, not one per element.
  const run: Run = { elements, json: JSON.stringify(elements).slice(1, -1) };
  runsMade.set(first, run);
  return run;
}

/** Whether some element of the array is sealed (its JSON kept apart, in a run). */
function anySealed(value: readonly unknown[]): boolean {
  for (const e of value) if (typeof e === 'object' && e !== null && sealed.has(e)) return true;
  return false;
}

const open = Buffer.from('[', 'utf8');
const comma = Buffer.from(',', 'utf8');
const close = Buffer.from(']', 'utf8');

/**
 * The UTF-8 bytes of `reusedJson(value)` for an array with sealed elements, from its runs'
 * kept bytes: an outline after an edit is one copy of the runs' bytes, not a megabyte of
 * JSON joined and then encoded.
 */
function arrayBytes(value: readonly unknown[]): Buffer {
  const parts: Buffer[] = [open];
  const add = (b: Buffer): void => {
    if (parts.length > 1) parts.push(comma);
    parts.push(b);
  };
  eachPart(
    value,
    (run) => add((run.bytes ??= Buffer.from(run.json, 'utf8'))),
    (json) => add(Buffer.from(json, 'utf8')),
  );
  parts.push(close);
  return Buffer.concat(parts);
}

/** The UTF-8 bytes of a sealed value's JSON (`reusedJson`). */
function sealedBytes(value: object): Buffer {
  if (Array.isArray(value) && !made.has(value) && anySealed(value)) return arrayBytes(value);
  return Buffer.from(reusedJson(value)!, 'utf8');
}

function keep(value: object, json: string): string {
  made.set(value, json);
  return json;
}

/** The UTF-8 bytes of a sealed value's JSON, made when it is first sent whole (an outline asked for again on the same version). */
const bytesMade = new WeakMap<object, Buffer>();

/**
 * The JSON of a JSON-RPC message, as vscode-jsonrpc's own encoder writes it
 * (`JSON.stringify(msg, undefined, 0)`): a response whose result holds sealed values is
 * written around their kept JSON, in the same key order, byte for byte.
 */
export function messageJson(msg: Message): string {
  const parts = responseParts(msg);
  if (parts) {
    const result = reusedJson(parts.result);
    if (result !== undefined) return `${parts.head}${result}}`;
  }
  return JSON.stringify(msg, undefined, 0);
}

/** A response `{"jsonrpc","id","result"}` in that key order (as vscode-jsonrpc makes it): its JSON up to the result, and the result. */
function responseParts(msg: Message): { head: string; result: unknown } | undefined {
  const m = msg as Message & { id?: unknown; result?: unknown };
  const keys = Object.keys(m);
  if (keys.length !== 3 || keys[0] !== 'jsonrpc' || keys[1] !== 'id' || keys[2] !== 'result') return undefined;
  if (typeof m.jsonrpc !== 'string' || !(typeof m.id === 'number' || typeof m.id === 'string' || m.id === null)) return undefined;
  return { head: `{"jsonrpc":${JSON.stringify(m.jsonrpc)},"id":${JSON.stringify(m.id)},"result":`, result: m.result };
}

/** The bytes of `messageJson(msg)` in `charset`: a sealed result's UTF-8 bytes are made once. */
export function messageBytes(msg: Message, charset: string): Uint8Array {
  const parts = charset.toLowerCase().replace('-', '') === 'utf8' ? responseParts(msg) : undefined;
  const result = parts?.result;
  if (parts && typeof result === 'object' && result !== null && sealed.has(result)) {
    let bytes = bytesMade.get(result);
    if (!bytes) {
      bytes = sealedBytes(result);
      bytesMade.set(result, bytes);
    }
    return Buffer.concat([Buffer.from(parts.head, 'utf8'), bytes, closing]);
  }
  // An answer made of sealed parts (a localised or merged outline): from their bytes, not kept.
  if (parts && Array.isArray(result) && anySealed(result)) return Buffer.concat([Buffer.from(parts.head, 'utf8'), arrayBytes(result), closing]);
  return Buffer.from(messageJson(msg), charset as BufferEncoding);
}

const closing = Buffer.from('}', 'utf8');

/**
 * How far prepareJson got in each value it has not finished: its next element, whether its
 * elements are kept apart (runs), and the JSON of the pieces made so far when they are not.
 */
const preparing = new WeakMap<object, { next: number; apart: boolean; pieces: string[] }>();
/** Elements of an array without sealed elements (a references answer) stringified at a time in idle time. */
const pieceLength = 1024;

/**
 * Makes ahead, in idle time, what `messageBytes` sends for a sealed array (an outline, a
 * references answer): the JSON and bytes of its runs (or the JSON of pieces of it, when no
 * element is sealed) until `spent()` says the time is up (at least one per call), then the
 * whole's UTF-8 bytes. True once made; after a false, the next call goes on from there.
 */
export function prepareJson(value: readonly unknown[], spent: () => boolean): boolean {
  if (bytesMade.has(value)) return true;
  let p = preparing.get(value);
  if (!p) preparing.set(value, (p = { next: 0, apart: anySealed(value), pieces: [] }));
  const step = p.apart ? runLength : pieceLength;
  const from = p.next;
  for (let i = from; i < value.length; i += step) {
    if (i > from && spent()) {
      p.next = i;
      return false;
    }
    // A piece's elements as JSON.stringify writes them in the whole array (the key toJSON gets aside).
    if (!p.apart) p.pieces.push(JSON.stringify(value.slice(i, i + step)).slice(1, -1));
    else if (i + runLength <= value.length) {
      const run = runOf(value, i);
      if (run) run.bytes ??= Buffer.from(run.json, 'utf8');
    }
  }
  preparing.delete(value);
  if (!sealed.has(value)) return true;
  bytesMade.set(value, p.apart ? arrayBytes(value) : Buffer.from(keep(value, `[${p.pieces.join(',')}]`), 'utf8'));
  return true;
}

/** vscode-jsonrpc's application/json encoder, with the sealed answers' JSON spliced in. */
export const sealedJsonEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode(msg: Message, options: ContentTypeEncoderOptions): Promise<Uint8Array> {
    try {
      return Promise.resolve(messageBytes(msg, options.charset));
    } catch (err) {
      return Promise.reject(err);
    }
  },
};
