/**
 * The generated candidate table (server/src/core/cnf/candidateTable.ts) is the one made from
 * the extension and object names at run time, and mayBeCandidate answers from it as a set of
 * those hashes would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { candidateBits, candidateHashes } from '../../../server/src/core/cnf/candidateTable';
import { computeCandidateTable, hashRange, mayBeCandidate } from '../../../server/src/core/cnf/configStore';
import { visitCandidateKeys } from '../../../server/src/core/cnf/watchedKeys';
import { candidateTablePath, candidateTableSource } from '../../../scripts/gen-candidate-table';

test('the generated table equals the one computed from the names (run scripts/gen-candidate-table.ts when not)', () => {
  const computed = computeCandidateTable();
  assert.deepEqual(candidateHashes, Array.from(computed.hashes));
  assert.deepEqual(candidateBits, Array.from(computed.bits));
  assert.equal(readFileSync(candidateTablePath, 'utf8'), candidateTableSource());
});

test('mayBeCandidate: every candidate name, OIDs, and no other hash', () => {
  const names: string[] = [];
  visitCandidateKeys((text, from, to) => void names.push(text.slice(from, to)));
  assert.ok(names.length > 2000);
  const set = new Set(names.map((n) => hashRange(n, 0, n.length)));
  for (const n of names) assert.ok(mayBeCandidate(hashRange(n, 0, n.length), n.charCodeAt(0)), n);
  assert.ok(mayBeCandidate(hashRange('1.2.3', 0, 5), '1'.charCodeAt(0)));
  // Hashes next to each candidate's (both sides of every step of the search) and a spread of others.
  let checked = 0;
  for (const h of [...set, ...Array.from({ length: 4096 }, (_, i) => Math.imul(i, 0x9e3779b1))]) {
    for (const x of [h - 1, h + 1, h ^ 0x10000]) {
      const y = x | 0;
      assert.equal(mayBeCandidate(y, 97), set.has(y), String(y));
      checked++;
    }
  }
  assert.ok(checked > 10000);
});
