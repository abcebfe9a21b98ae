/**
 * The stream writer splices the kept JSON of sealed answers into responses (server/src/sealedJson.ts):
 * the bytes must be exactly vscode-jsonrpc's own encoding of the same message, whatever the answer
 * holds and whichever parts of it are sealed, however often it is sent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isSealed, messageBytes, messageJson, prepareJson, seal, sealedJsonEncoder } from '../../../server/src/sealedJson';

/** JSON values, plus what JSON.stringify drops or turns into null (undefined, functions). */
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined), fc.constant(() => 1), fc.string({ unit: 'binary' })),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 5 }), fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 })),
})).node;

/** Seals some of the answer's objects, at any depth (the `which` pattern repeated over them in order). */
function sealSome(answer: unknown, which: readonly boolean[]): void {
  let n = 0;
  const walk = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    if (which[n++ % which.length]) seal(v);
    for (const e of Object.values(v)) walk(e);
  };
  walk(answer);
}

test('a response with sealed parts is encoded byte for byte as JSON.stringify encodes it, every time it is sent', async () => {
  await fc.assert(
    fc.asyncProperty(value, fc.oneof(fc.integer(), fc.string(), fc.constant(null)), fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }), async (result, id, which) => {
      sealSome(result, which);
      const msg = { jsonrpc: '2.0', id, result };
      const expected = JSON.stringify(msg, undefined, 0);
      for (let send = 0; send < 2; send++) {
        assert.equal(messageJson(msg), expected);
        const bytes = await sealedJsonEncoder.encode(msg, { charset: 'utf-8' });
        assert.equal(Buffer.from(bytes).toString('utf8'), expected);
      }
    }),
    { numRuns: 2000 },
  );
});

test('other messages (requests, notifications, errors, other key orders) are JSON.stringify as they are', () => {
  const answer = seal([seal({ a: 1 })]);
  const messages: unknown[] = [
    { jsonrpc: '2.0', id: 1, method: 'x', params: answer },
    { jsonrpc: '2.0', method: 'x', params: answer },
    { jsonrpc: '2.0', id: 1, error: { code: 1, message: 'm', data: answer } },
    { id: 1, jsonrpc: '2.0', result: answer },
    { jsonrpc: '2.0', id: undefined, result: answer },
    { jsonrpc: '2.0', id: 1, result: answer, extra: 1 },
  ];
  for (const m of messages) assert.equal(messageJson(m as Parameters<typeof messageJson>[0]), JSON.stringify(m));
});

test('the JSON of a sealed answer is kept: the second encoding reads it, not the value', () => {
  const answer = seal([{ a: 1 }]);
  const first = messageJson({ jsonrpc: '2.0', id: 1, result: answer } as Parameters<typeof messageJson>[0]);
  // Sealed values are never modified; this one is, to show that the kept JSON is what is sent.
  answer[0]!.a = 2;
  assert.equal(messageJson({ jsonrpc: '2.0', id: 1, result: answer } as Parameters<typeof messageJson>[0]), first);
  assert.ok(isSealed(answer));
  assert.ok(!isSealed(answer[0]));
});

test('long arrays (runs of sealed elements kept together), edited and sent again, are encoded as JSON.stringify encodes them', async () => {
  let made = 0;
  const element = (sealIt: boolean): object => {
    const e = { n: made++, s: 'é"\\', c: [{ x: made }] };
    return sealIt ? seal(e) : e;
  };
  /** An edit of the array: replace, insert or delete elements at a place (as an outline changes after an edit). */
  const place = fc.oneof(
    fc.nat({ max: 450 }),
    // Often at a run's first or last elements (runs are 64 long), where a kept run could go stale.
    fc.tuple(fc.nat({ max: 6 }), fc.constantFrom(-1, 0, 1, 62, 63)).map(([run, k]) => Math.max(0, run * 64 + k)),
  );
  const edit = fc.tuple(fc.constantFrom('replace', 'insert', 'delete'), place, fc.oneof(fc.constant(1), fc.nat({ max: 70 })), fc.boolean());
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: 400 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 9 }), fc.array(edit, { maxLength: 5 }), fc.boolean(), async (length, pattern, edits, sealArrays) => {
      let answer: unknown[] = Array.from({ length }, (_, i) => element(pattern[i % pattern.length] !== false || i % 7 !== 0));
      if (sealArrays) seal(answer);
      const check = async (): Promise<void> => {
        const msg = { jsonrpc: '2.0', id: 7, result: answer };
        const expected = JSON.stringify(msg);
        assert.equal(messageJson(msg), expected);
        assert.equal(Buffer.from(await sealedJsonEncoder.encode(msg, { charset: 'utf-8' })).toString('utf8'), expected);
      };
      await check();
      for (const [kind, at, count, sealNew] of edits) {
        // A new array (sealed answers are never modified), as the next version's answer.
        const next = [...answer];
        const i = Math.min(at, next.length);
        if (kind === 'replace') for (let k = i; k < Math.min(next.length, i + count); k++) next[k] = element(sealNew);
        else if (kind === 'insert') next.splice(i, 0, ...Array.from({ length: count }, () => element(sealNew)));
        else next.splice(i, count);
        answer = sealArrays ? seal(next) : next;
        await check();
        await check();
      }
    }),
    { numRuns: 400 },
  );
});

test('a sealed array prepared in idle time, a piece or a run at a time, is sent as JSON.stringify encodes it', () => {
  fc.assert(
    fc.property(fc.nat({ max: 3000 }), fc.boolean(), fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }), fc.nat({ max: 20 }), (length, sealElements, spentPattern, sendAfter) => {
      // As a references answer (no element sealed: pieces) or an outline (sealed elements: runs).
      const answer = seal(Array.from({ length }, (_, i) => (sealElements ? seal({ i, s: 'é"' }) : { i, s: 'é"', u: i % 3 ? undefined : 1 })));
      let n = 0;
      const spent = (): boolean => spentPattern[n++ % spentPattern.length]!;
      const msg = { jsonrpc: '2.0', id: 3, result: answer };
      const expected = JSON.stringify(msg);
      let calls = 0;
      while (!prepareJson(answer, spent)) {
        // A request may come while it is being prepared: it is answered whole, and preparing goes on.
        if (++calls === sendAfter) assert.equal(Buffer.from(messageBytes(msg, 'utf-8')).toString('utf8'), expected);
        assert.ok(calls < 10_000);
      }
      assert.equal(Buffer.from(messageBytes(msg, 'utf-8')).toString('utf8'), expected);
      assert.equal(messageJson(msg), expected);
    }),
    { numRuns: 300 },
  );
});
