/** Replays every disagreement the OpenSSL oracle ever found (test/peers/cnf-oracle.test.ts), without OpenSSL. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCnf } from '../../../server/src/core/cnf';
import { LineIndex } from '../../../server/src/core/lineIndex';
import { oracleUse } from '../../peers/cnfMutator';

interface Fixture {
  readonly expectError: boolean;
  /** 1-based lines the mutation touched: an expected error must be on one of them... */
  readonly lines: number[];
  /** ...unless the mutation renamed or re-pointed a section (older fixtures: ids starting section-ref / header). */
  readonly anywhere?: boolean;
  /** The oracle commands that failed: req, req-x509, x509-req (x509 -req -extfile -extensions v3_leaf), ca. */
  readonly failedCommands?: string[];
  readonly description: string;
  /** A flag that makes the failing command succeed (OpenSSL said so): then a warning on the lines, not an error. */
  readonly flagFixes?: string;
}

const commands = ['req', 'req-x509', 'x509-req', 'ca'];
const dir = join(__dirname, '..', '..', 'fixtures', 'cnf', 'oracle-regressions');
const names = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.cnf')).sort() : [];

test('oracle regression fixtures exist', () => {
  assert.ok(names.length > 0, `no fixtures in ${dir}`);
});

for (const name of names) {
  test(`oracle regression ${name}`, () => {
    const text = readFileSync(join(dir, name), 'utf8');
    const expected = JSON.parse(readFileSync(join(dir, name.replace(/\.cnf$/, '.json')), 'utf8')) as Fixture;
    // Which commands OpenSSL failed with (fixtures from before x509 -req / ca joined the oracle: req and req -x509 only).
    if (expected.failedCommands) {
      assert.ok(expected.failedCommands.every((c) => commands.includes(c)), `unknown command in ${JSON.stringify(expected.failedCommands)}`);
      assert.equal(expected.failedCommands.length > 0, expected.expectError || !!expected.flagFixes, 'failedCommands and expectError disagree');
    }
    // The oracle's x509 -req signs with [ v3_leaf ] (older fixtures: -extensions v3_leaf on the command line);
    // a fixture without that section was run without it (OpenSSL would have failed: CNF-090).
    const leaf = /^[ \t]*\[[ \t]*v3_leaf[ \t]*\]/m.test(text) && !/^[ \t]*extensions[ \t]*=/m.test(text.slice(0, text.search(/^[ \t]*\[/m)));
    // Judged as the oracle's four commands use the file (req, req -x509, x509 -req -extfile, ca; ca with -name
    // <the CA section> where that is the use that works, as the oracle counts a ca failure -name fixes as none).
    const path = `/oracle/${name}`;
    const caHeader = /^\[\s*(CA[ _-]?[Dd]efault)\s*\]/m.exec(text)?.[1];
    const named = caHeader !== undefined && (!expected.failedCommands?.includes('ca') || expected.flagFixes === `-name ${caHeader}`);
    const use = oracleUse(path, named ? caHeader : undefined);
    const a = analyzeCnf(text, { path, commandLine: leaf ? { ...use, extensions: ['v3_leaf'] } : use });
    const errors = a.findings.filter((f) => f.severity === 'error');
    assert.equal(errors.length > 0, expected.expectError, `${expected.description}: ${errors.map((e) => `${e.code} ${e.message}`).join(' / ') || 'no error'}`);
    if (expected.expectError && !(expected.anywhere ?? /^(section-ref|header)/.test(name))) {
      const li = new LineIndex(text);
      assert.ok(errors.some((e) => expected.lines.includes(li.positionAt(e.start).line + 1)), `error not on lines ${expected.lines.join(',')}`);
    }
    if (expected.flagFixes) {
      // With the use not known (the file alone, as in the editor), a warning says what the flag fixes.
      const li = new LineIndex(text);
      const alone = analyzeCnf(text, { path, ...(leaf ? { commandLine: { extensions: ['v3_leaf'] } } : {}) });
      assert.ok(alone.findings.every((f) => f.severity !== 'error'), `${expected.description}: an error with the use unknown`);
      assert.ok(alone.findings.some((f) => f.severity === 'warning' && expected.lines.includes(li.positionAt(f.start).line + 1)), `${expected.description}: no warning on lines ${expected.lines.join(',')} (fails unless ${expected.flagFixes})`);
    }
  });
}
