/**
 * Records every read of process state while modules load (test/unit/cli/loadTimeState.test.ts).
 * A module that reads the process as it loads (its environment, working folder, locale,
 * platform, the time, a random number, a file, a listener or timer it sets up) keeps the value
 * of the process that loaded it: wrong in a V8 start-up snapshot, which holds the modules as
 * the process that built it left them, and a hidden input of every command otherwise.
 *
 * Watched: `process.env` (every key read), the process's own facts (argv, pid, cwd, platform,
 * streams, timing, listeners), the clock (Date.now, `new Date()`, performance.now), randomness
 * (Math.random, node:crypto's random functions and key generation), timers, and every function of
 * node:fs and node:os. Node's own modules read the process as they load too: a caller keeps the
 * reads whose `where` is in its own files. Nothing is recorded once `load` has settled.
 */
import type * as Crypto from 'node:crypto';
import type * as Fs from 'node:fs';
import type * as Os from 'node:os';

// The modules themselves: an `import * as` may be a copy of their functions, and wrapping the copy would watch nothing.
const crypto = module.require('node:crypto') as typeof Crypto;
const fs = module.require('node:fs') as typeof Fs;
const os = module.require('node:os') as typeof Os;

export interface StateRead {
  /** What was read, e.g. `process.env.LANG`, `process.cwd()`, `fs.readFileSync()`. */
  readonly what: string;
  /** The first frame of the stack outside this module (a file and line of the build). */
  readonly where: string;
}

type Restore = () => void;

/** Every own function of `target` replaced by one that records its call; returns the restorer. */
function wrapFunctions(target: Record<string, unknown>, label: string, record: (what: string) => void): Restore {
  const restores: Restore[] = [];
  for (const name of Object.keys(target)) {
    const original = target[name];
    if (typeof original !== 'function' || /^[A-Z]/.test(name)) continue; // classes (fs.Stats, …) are types, not reads
    const descriptor = Object.getOwnPropertyDescriptor(target, name);
    if (!descriptor?.writable && !descriptor?.set && !descriptor?.configurable) continue;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      record(`${label}.${name}()`);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    Object.assign(wrapped, original); // fs.realpathSync.native and the like
    try {
      Object.defineProperty(target, name, { configurable: true, enumerable: descriptor.enumerable, writable: true, value: wrapped });
      restores.push(() => Object.defineProperty(target, name, descriptor));
    } catch {
      // a frozen property: left unwatched
    }
  }
  return () => restores.forEach((r) => r());
}

/** `target[name]` read through a getter that records it. */
function watchProperty(target: object, name: string, label: string, record: (what: string) => void): Restore {
  const descriptor = Object.getOwnPropertyDescriptor(target, name);
  if (!descriptor?.configurable) return () => undefined;
  const read = (): unknown => (descriptor.get ? descriptor.get.call(target) : descriptor.value);
  Object.defineProperty(target, name, {
    configurable: true,
    enumerable: descriptor.enumerable,
    get() {
      record(label);
      return read();
    },
    set(value: unknown) {
      record(label);
      if (descriptor.set) descriptor.set.call(target, value);
      else Object.defineProperty(target, name, { ...descriptor, value });
    },
  });
  return () => Object.defineProperty(target, name, descriptor);
}

/** The first stack frame outside this file (the build's file and line that read), else the first frame. */
function caller(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const lines = (new Error().stack ?? '').split('\n').slice(2).map((l) => l.trim());
  Error.stackTraceLimit = limit;
  // (this file by its name too: in a bundle with a source map, its frames name the source)
  return lines.find((l) => !l.includes(__filename) && !l.includes('processStateGuard')) ?? lines[0] ?? '';
}

/**
 * Runs `load` (which may be async) and returns every read of process state made until it
 * settles. Everything watched is restored afterwards, whether `load` succeeds or throws.
 */
export async function watchProcessState(load: () => unknown): Promise<readonly StateRead[]> {
  const reads: StateRead[] = [];
  let settled = false;
  let recording = false;
  const record = (what: string): void => {
    // (formatting the stack may itself read the process: a source-map loader asks for the cwd)
    if (settled || recording) return;
    recording = true;
    try {
      reads.push({ what, where: caller() });
    } finally {
      recording = false;
    }
  };
  const restores: Restore[] = [];
  const proc = process as unknown as Record<string, unknown>;

  // process.env: any key read, listed, tested or written.
  const env = process.env;
  const envProxy = new Proxy(env, {
    get: (t, k) => (typeof k === 'string' && record(`process.env.${k}`), Reflect.get(t, k)),
    has: (t, k) => (record(`process.env has ${String(k)}`), Reflect.has(t, k)),
    ownKeys: (t) => (record('process.env keys'), Reflect.ownKeys(t)),
    set: (t, k, v) => (record(`process.env.${String(k)} =`), Reflect.set(t, k, v)),
  });
  restores.push(watchProperty(process, 'env', 'process.env', () => undefined));
  Object.defineProperty(process, 'env', { configurable: true, enumerable: true, get: () => envProxy, set: () => record('process.env =') });

  for (const name of ['argv', 'argv0', 'execArgv', 'execPath', 'pid', 'ppid', 'platform', 'arch', 'title', 'stdin', 'stdout', 'stderr', 'exitCode', 'report', 'version', 'versions', 'config']) {
    restores.push(watchProperty(process, name, `process.${name}`, record));
  }
  const processFunctions = ['cwd', 'chdir', 'hrtime', 'uptime', 'memoryUsage', 'cpuUsage', 'resourceUsage', 'umask', 'getuid', 'geteuid', 'getgid', 'getegid', 'on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'emitWarning', 'exit', 'kill'];
  const ownFunctions: Record<string, unknown> = {};
  let insideProcess = 0;
  for (const name of processFunctions) if (typeof proc[name] === 'function') ownFunctions[name] = proc[name];
  for (const [name, original] of Object.entries(ownFunctions)) {
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      if (!insideProcess) record(`process.${name}()`);
      insideProcess++; // process.once calls process.on: one read
      try {
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } finally {
        insideProcess--;
      }
    };
    if (name === 'hrtime') Object.assign(wrapped, { bigint: (process.hrtime as unknown as { bigint: unknown }).bigint });
    proc[name] = wrapped;
    restores.push(() => {
      proc[name] = original;
    });
  }
  const hrtimeBigint = process.hrtime.bigint;
  process.hrtime.bigint = () => (record('process.hrtime.bigint()'), hrtimeBigint());
  restores.push(() => {
    process.hrtime.bigint = hrtimeBigint;
  });

  // The clock, randomness, timers.
  const globals = globalThis as unknown as Record<string, unknown>;
  const OriginalDate = Date;
  const dateNow = Date.now;
  Date.now = () => (record('Date.now()'), dateNow());
  const DateProxy = new Proxy(OriginalDate, {
    construct: (t, args, target) => (args.length === 0 && record('new Date()'), Reflect.construct(t, args, target)),
    apply: (t, self, args) => (record('Date()'), Reflect.apply(t, self, args)),
  });
  globals.Date = DateProxy;
  restores.push(() => {
    globals.Date = OriginalDate;
    Date.now = dateNow;
  });
  const random = Math.random;
  Math.random = () => (record('Math.random()'), random());
  restores.push(() => {
    Math.random = random;
  });
  const perfNow = performance.now;
  performance.now = () => (record('performance.now()'), perfNow.call(performance));
  restores.push(() => {
    performance.now = perfNow;
  });
  for (const name of ['setTimeout', 'setInterval', 'setImmediate']) {
    const original = globals[name] as (...a: unknown[]) => unknown;
    globals[name] = (...args: unknown[]) => (record(`${name}()`), original(...args));
    restores.push(() => {
      globals[name] = original;
    });
  }
  restores.push(wrapFunctions(fs as unknown as Record<string, unknown>, 'fs', record));
  restores.push(wrapFunctions(fs.promises as unknown as Record<string, unknown>, 'fs.promises', record));
  restores.push(wrapFunctions(os as unknown as Record<string, unknown>, 'os', record));
  restores.push(wrapRandom(crypto as unknown as Record<string, unknown>, record));
  try {
    await load();
  } finally {
    settled = true;
    for (const restore of restores.reverse()) restore();
  }
  return reads;
}

/** node:crypto's random functions (the rest of it computes, and reads nothing of the process). */
function wrapRandom(cryptoRandom: Record<string, unknown>, record: (what: string) => void): Restore {
  const restores: Restore[] = [];
  for (const name of ['randomBytes', 'randomFillSync', 'randomFill', 'randomInt', 'randomUUID', 'getRandomValues', 'generateKeyPairSync', 'generateKeyPair']) {
    const original = cryptoRandom[name] as (...a: unknown[]) => unknown;
    if (typeof original !== 'function') continue;
    const descriptor = Object.getOwnPropertyDescriptor(cryptoRandom, name);
    if (!descriptor?.configurable && !descriptor?.writable) continue;
    Object.defineProperty(cryptoRandom, name, { configurable: true, enumerable: descriptor.enumerable, writable: true, value: (...args: unknown[]) => (record(`crypto.${name}()`), original(...args)) });
    restores.push(() => Object.defineProperty(cryptoRandom, name, descriptor));
  }
  return () => restores.forEach((r) => r());
}
