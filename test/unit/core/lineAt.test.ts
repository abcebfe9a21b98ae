/**
 * lineAt: the line of an offset, as counting the newlines before it says, for texts asked in turn
 * (a finding pass alternates a config, its pg_hba.conf and a client's file) and past its cache.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lineAt } from '../../../server/src/core/lineIndex';

function counted(text: string, offset: number): number {
  let n = 0;
  for (let i = 0; i < Math.min(offset, text.length); i++) if (text[i] === '\n') n++;
  return n;
}

test('lineAt agrees with counting newlines, across many texts asked in turn', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.array(fc.constantFrom('a', '\n', '\r', 'é'), { maxLength: 60 }), fc.nat(70)), { minLength: 1, maxLength: 30 }), (asks) => {
      const texts = asks.map(([chars]) => chars.join(''));
      for (let round = 0; round < 2; round++) {
        asks.forEach(([, offset], i) => assert.equal(lineAt(texts[i]!, offset), counted(texts[i]!, offset), JSON.stringify([texts[i], offset])));
      }
    }),
  );
});
