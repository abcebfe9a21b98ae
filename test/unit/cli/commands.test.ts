/**
 * The CLI's command table names each command and loads its module on first use;
 * the row must say what the module says, or `certwright --help` would drift from
 * the commands it lists.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { commands } from '../../../server/src/cli/commands';
import { renderHelp } from '../../../server/src/cli/helpText';

test('every row of the command table loads a command with the same path and summary', async () => {
  assert.ok(commands.length >= 7);
  for (const row of commands) {
    const command = await row.load();
    assert.deepEqual(command.path, row.path);
    assert.equal(command.summary, row.summary, row.path.join(' '));
    assert.ok(renderHelp(command.help).includes(`certwright ${row.path.join(' ')}`), `help of ${row.path.join(' ')} names the command`);
  }
});

test('no two rows select the same command', () => {
  const keys = commands.map((c) => c.path.join(' '));
  assert.equal(new Set(keys).size, keys.length);
});
