/**
 * The commands' argument parser (server/src/cli/args.ts): the cases every command relies on,
 * and the same values, positionals and messages as Node's util.parseArgs in strict mode (what
 * the commands used before) on random command lines and option tables.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';
import fc from 'fast-check';
import { parseArgs, type OptionSpecs } from '../../../server/src/cli/args';
import { UsageError } from '../../../server/src/cli/command';

const options = {
  dir: { type: 'string' },
  san: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  force: { type: 'boolean' },
  format: { type: 'string', default: 'text' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpecs;

/** The values as a plain object (the parser's has no prototype), for deepEqual. */
const plain = (args: readonly string[], positionals = false) => {
  const r = parseArgs(args, options, { positionals });
  return { values: { ...r.values }, positionals: r.positionals };
};
const refused = (args: readonly string[], message: string, positionals = false): void => {
  assert.throws(() => parseArgs(args, options, { positionals }), (e: unknown) => e instanceof UsageError && e.message === message, `${args.join(' ')} → ${message}`);
};

describe('parseArgs: what the commands rely on', () => {
  it('--opt value and --opt=value, booleans, defaults', () => {
    assert.deepEqual(plain(['--dir', 'ca', '--json']), { values: { dir: 'ca', json: true, format: 'text' }, positionals: [] });
    assert.deepEqual(plain(['--dir=ca', '--format=json']), { values: { dir: 'ca', format: 'json' }, positionals: [] });
    assert.deepEqual(plain(['--dir=']), { values: { dir: '', format: 'text' }, positionals: [] }, 'an empty value written with =');
    assert.deepEqual(plain(['--dir=a=b']), { values: { dir: 'a=b', format: 'text' }, positionals: [] }, 'the first = splits');
  });

  it('repeated options: the last one wins, a multiple one keeps all in order', () => {
    assert.deepEqual(plain(['--dir', 'a', '--dir', 'b', '--san', 'x', '--san=y', '--san', 'x']).values, { dir: 'b', san: ['x', 'y', 'x'], format: 'text' });
  });

  it('short flags, alone and grouped', () => {
    assert.deepEqual(plain(['-h']).values, { help: true, format: 'text' });
    refused(['-hx'], "Unknown option '-x'");
    refused(['-x'], "Unknown option '-x'");
  });

  it('positionals where a command takes them, and -- before one that starts with a dash', () => {
    assert.deepEqual(plain(['a.cnf', '--json', '-', '--', '--dir', '-5'], true), { values: { json: true, format: 'text' }, positionals: ['a.cnf', '-', '--dir', '-5'] });
    refused(['extra'], "Unexpected argument 'extra'. This command does not take positional arguments");
    refused(['--', 'extra'], "Unexpected argument 'extra'. This command does not take positional arguments");
  });

  it('unknown options, with the way to pass such a word as a positional where there are positionals', () => {
    refused(['--bogus'], "Unknown option '--bogus'");
    refused(['--bogus=1'], "Unknown option '--bogus'");
    refused(['--bogus'], `Unknown option '--bogus'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "--bogus"`, true);
    refused(['--constructor'], "Unknown option '--constructor'");
    refused(['--__proto__'], "Unknown option '--__proto__'");
  });

  it('missing values and values given to a flag', () => {
    refused(['--dir'], "Option '--dir <value>' argument missing");
    refused(['--json=yes'], "Option '--json' does not take an argument");
    refused(['--help=1'], "Option '-h, --help' does not take an argument");
    refused(['-h=1'], "Unknown option '-='", false);
  });

  it('negative numbers and other values that start with a dash', () => {
    // A string option takes the next word whatever it is, and refuses one that looks like an option.
    refused(['--dir', '-5'], "Option '--dir' argument is ambiguous.\nDid you forget to specify the option argument for '--dir'?\nTo specify an option argument starting with a dash use '--dir=-XYZ'.");
    refused(['--dir', '--json'], "Option '--dir' argument is ambiguous.\nDid you forget to specify the option argument for '--dir'?\nTo specify an option argument starting with a dash use '--dir=-XYZ'.");
    assert.equal(plain(['--dir=-5']).values.dir, '-5');
    assert.equal(plain(['--dir', '-']).values.dir, '-', 'a lone dash is a value');
    // A negative number alone is an option letter, unknown.
    refused(['-5'], "Unknown option '-5'");
    refused(['-12'], "Unknown option '-1'");
  });
});

// Random option tables over a few names (one-letter ones too, which a short option's letter can
// name), and command lines from words that exercise every branch of the reading.
const names = ['a', 'b', 'f', 'dir', 'no-a', 'x-y'];
const specArb = fc.record(
  { type: fc.constantFrom('string' as const, 'boolean' as const), short: fc.constantFrom('a', 'b', 'f', 'h', 'z'), multiple: fc.boolean(), default: fc.constant(true) },
  { requiredKeys: ['type'] },
).map((s) => {
  const { default: withDefault, ...rest } = s;
  return withDefault && !rest.multiple ? { ...rest, default: rest.type === 'string' ? 'd' : false } : rest;
});
// Two options may share a short letter: both parsers take the first in the table.
const tableArb = fc.dictionary(fc.constantFrom(...names), specArb, { maxKeys: 5 }).map((t) => t as OptionSpecs);
const word = fc.oneof(
  fc.constantFrom('--', '-', '--a', '--dir', '--no-a', '--x-y', '---a', '--=', '--=a=b', '--a=', '--dir=v', '--dir=-1', '-a', '-b', '-f', '-h', '-ab', '-ba', '-af', '-fa', '-abf', '-fv', '-a-', '-5', '-12', 'v', 'w x', '%s', '"q"', '-=', '--a=b=c'),
  fc.string({ maxLength: 4 }),
  fc.string({ maxLength: 3 }).map((s) => `-${s}`),
  fc.string({ maxLength: 3 }).map((s) => `--${s}`),
);

type Outcome = { values: Record<string, unknown>; positionals: string[] } | { error: string };
function ours(args: string[], table: OptionSpecs, positionals: boolean): Outcome {
  try {
    const r = parseArgs(args, table, { positionals });
    return { values: { ...r.values }, positionals: r.positionals };
  } catch (e) {
    assert.ok(e instanceof UsageError, String(e));
    return { error: e.message };
  }
}
function node(args: string[], table: OptionSpecs, positionals: boolean): Outcome {
  try {
    const r = nodeParseArgs({ args, options: table as NonNullable<ParseArgsConfig['options']>, strict: true, allowPositionals: positionals });
    return { values: { ...(r.values as Record<string, unknown>) }, positionals: r.positionals };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('parseArgs: the same as util.parseArgs (strict), which the commands used before', () => {
  it('on random command lines and option tables: the same values and positionals, or the same message', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 7 }), tableArb, fc.boolean(), (args, table, positionals) => {
        assert.deepEqual(ours(args, table, positionals), node(args, table, positionals));
      }),
      { numRuns: 3000 },
    );
  });

  it('on the option tables of the commands themselves', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(word, fc.constantFrom('--dir', '--san', '--json', '--format', '-h', '--help', '--format=json', '--san=a')), { maxLength: 8 }), fc.boolean(), (args, positionals) => {
        assert.deepEqual(ours(args, options, positionals), node(args, options, positionals));
      }),
      { numRuns: 2000 },
    );
  });
});
