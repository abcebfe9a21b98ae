/**
 * A command's argv as options and positionals, read the way Node's `util.parseArgs` reads it
 * in strict mode, with the same values and the same messages (test/unit/cli/args.test.ts
 * compares the two on random command lines), in a few lines that the code cache holds: the
 * first `util.parseArgs` of a process compiled Node's parser from source, 3.4 M instructions
 * that every command paid (issue #16).
 *
 * The rules: `--name value` and `--name=value` (a string option takes the next argument, even
 * one that starts with a dash, which is then refused as ambiguous unless written `--name=-x`);
 * `-x` for an option whose `short` is x, `-xyz` for several boolean ones and `-fVALUE` for a
 * string one; `--` ends the options; a lone `-` is a positional; anything else that starts
 * with a dash (a negative number too) is an option, unknown unless declared.
 */
import { UsageError } from './command';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** One letter: `-x` for this option. */
  readonly short?: string;
  /** Every occurrence kept, in order, as an array. */
  readonly multiple?: boolean;
  /** The value when the option is not given. */
  readonly default?: string | boolean;
}
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S extends { readonly multiple: true } ? (S['type'] extends 'string' ? string[] : boolean[]) : S['type'] extends 'string' ? string : boolean;
export type OptionValues<O extends OptionSpecs> = { -readonly [K in keyof O]?: ValueOf<O[K]> };

export interface ParsedArgs<O extends OptionSpecs> {
  readonly values: OptionValues<O>;
  readonly positionals: string[];
}

/**
 * Reads `args` against `options`; throws a UsageError (exit 2) for an unknown option, a
 * missing or unwanted value, or a positional where `positionals` is false.
 */
export function parseArgs<O extends OptionSpecs>(args: readonly string[], options: O, { positionals: allowPositionals = false } = {}): ParsedArgs<O> {
  // Without a prototype: an argument named like an Object method is no option.
  const values: Record<string, string | boolean | (string | boolean)[]> = Object.create(null) as Record<string, never>;
  const positionals: string[] = [];
  const spec = (name: string): OptionSpec | undefined => (Object.prototype.hasOwnProperty.call(options, name) ? options[name] : undefined);
  const longFor = (letter: string): string => Object.keys(options).find((name) => options[name]!.short === letter) ?? letter;
  const takesValue = (name: string): boolean => spec(name)?.type === 'string';

  const positional = (value: string): void => {
    if (!allowPositionals) throw new UsageError(`Unexpected argument '${value}'. This command does not take positional arguments`);
    positionals.push(value);
  };
  /** One option as written (`raw`), with its value if it has one; `inline` when written `--name=value` or `-fVALUE`. */
  const option = (name: string, raw: string, value: string | undefined, inline: boolean): void => {
    const s = spec(name);
    if (!s) throw new UsageError(`Unknown option '${raw}'${allowPositionals ? `. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- ${JSON.stringify(raw)}` : ''}`);
    const names = `${s.short ? `-${s.short}, ` : ''}--${name}`;
    if (s.type === 'string' && value === undefined) throw new UsageError(`Option '${names} <value>' argument missing`);
    if (s.type === 'boolean' && value !== undefined) throw new UsageError(`Option '${names}' does not take an argument`);
    if (!inline && value !== undefined && value.length > 1 && value.startsWith('-')) {
      const example = raw.startsWith('--') ? `'${raw}=-XYZ'` : `'--${name}=-XYZ' or '${raw}-XYZ'`;
      throw new UsageError(`Option '${raw}' argument is ambiguous.\nDid you forget to specify the option argument for '${raw}'?\nTo specify an option argument starting with a dash use ${example}.`);
    }
    const v = value ?? true;
    const had = values[name];
    if (!s.multiple) values[name] = v;
    else if (Array.isArray(had)) had.push(v);
    else values[name] = [v];
  };

  const queue = [...args];
  for (let arg = queue.shift(); arg !== undefined; arg = queue.shift()) {
    if (arg === '--') {
      queue.forEach(positional);
      break;
    }
    const short = arg.length >= 2 && arg[0] === '-' && arg[1] !== '-';
    if (short && arg.length === 2) {
      const name = longFor(arg[1]!);
      option(name, arg, takesValue(name) ? queue.shift() : undefined, false);
    } else if (short && !takesValue(longFor(arg[1]!))) {
      // -abc: -a -b -c; a string option's letter takes the rest as its value (-abFILE: -a -bFILE).
      const expanded: string[] = [];
      for (let i = 1; i < arg.length; i++) {
        if (takesValue(longFor(arg[i]!))) {
          expanded.push(`-${arg.slice(i)}`);
          break;
        }
        expanded.push(`-${arg[i]!}`);
      }
      queue.unshift(...expanded);
    } else if (short) option(longFor(arg[1]!), `-${arg[1]!}`, arg.slice(2), true);
    else if (arg.length > 2 && arg.startsWith('--')) {
      if (arg.includes('=', 3)) {
        const name = arg.slice(2, arg.indexOf('='));
        option(name, `--${name}`, arg.slice(arg.indexOf('=') + 1), true);
      } else {
        const name = arg.slice(2);
        option(name, arg, takesValue(name) ? queue.shift() : undefined, false);
      }
    } else positional(arg);
  }
  for (const name of Object.keys(options)) {
    const d = options[name]!.default;
    if (d !== undefined && values[name] === undefined) values[name] = d;
  }
  return { values: values as OptionValues<O>, positionals };
}
