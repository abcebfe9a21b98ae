/**
 * Object names are searched in the table's text for the first lookups and read from maps after
 * (vocabulary.ts objectNames): both must answer as OBJ_sn2nid / OBJ_ln2nid do, the first row of a
 * name, for every name of OpenSSL's table and for names no row has.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { objectText } from '../../../server/src/core/cnf/objects';
import { objectNames, type ObjectName } from '../../../server/src/core/cnf/vocabulary';

const objectTable = objectText.slice(1, -1).split('\n');
const firstRow = (field: 0 | 1): Map<string, string> => {
  const m = new Map<string, string>();
  for (const row of objectTable) {
    const name = row.split('\t')[field]!;
    if (!m.has(name)) m.set(name, row);
  }
  return m;
};
const byShort = firstRow(0);
const byLong = firstRow(1);
const rowOf = (o: ObjectName | undefined): string | undefined => o && `${o.short}\t${o.long}\t${o.oid}`;
const names = [
  ...new Set(objectTable.flatMap((r) => r.split('\t').slice(0, 2))),
  // Misses, and names that would match across fields if tabs or line breaks were not refused.
  'no such object',
  '',
  'CN\tcommonName',
  'commonName\t2.5.4.3',
  '2.5.4.3',
  'commonname',
  'X509v3 Basic Constraints\n',
];

for (const [what, searched] of [
  ['searched in the text', Infinity],
  ['read from the maps', 0],
  ['searched, then read from the maps after 64 lookups', 64],
] as const) {
  test(`object names ${what} answer the first row of each short and long name`, () => {
    const objects = objectNames(objectText, searched);
    const seen = new Map<string, ObjectName>();
    for (const pass of [1, 2]) {
      for (const name of names) {
        const s = objects.byShort(name);
        const l = objects.byLong(name);
        assert.equal(rowOf(s), byShort.get(name), `short name ${JSON.stringify(name)} (pass ${pass})`);
        assert.equal(rowOf(l), byLong.get(name), `long name ${JSON.stringify(name)} (pass ${pass})`);
        // One object per row, whichever way it was found.
        for (const o of [s, l]) {
          if (!o) continue;
          const key = rowOf(o)!;
          if (seen.has(key)) assert.equal(o, seen.get(key), `the same object for ${key}`);
          seen.set(key, o);
        }
      }
    }
    assert.deepEqual(objects.all().map(rowOf), [...byShort.values()]);
  });
}
