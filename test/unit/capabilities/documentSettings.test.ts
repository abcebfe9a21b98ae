/**
 * The wait for the client's settings (documentSettings.ts, answerWithin.ts) on a manual clock: a
 * client that answers gives each document its settings; one that never answers holds diagnostics
 * back only for the wait, then not at all until it answers again; a late answer is used and the
 * document validated again; a client with nothing set, or that refuses, gets the pushed settings.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { answerWithin, type Timers } from '../../../server/src/answerWithin';
import { DocumentSettings, settingsFromAnswer } from '../../../server/src/documentSettings';
import { defaultServerSettings, parseSettings, type ServerSettings } from '../../../server/src/settings';

/** Timers that fire only when the test says so. */
class ManualClock implements Timers {
  private readonly pending = new Map<number, { run: () => void; ms: number }>();
  private next = 0;
  set(run: () => void, ms: number): unknown {
    this.pending.set(++this.next, { run, ms });
    return this.next;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** The waits set and not cleared, in ms. */
  waits(): number[] {
    return [...this.pending.values()].map((p) => p.ms);
  }
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const p of due) p.run();
  }
}

/** A client request the test answers (or never does). */
function deferred<T>(): { promise: Promise<T>; answer(v: T): void; refuse(e: unknown): void } {
  let answer!: (v: T) => void;
  let refuse!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((answer = res), (refuse = rej)));
  return { promise, answer, refuse };
}

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));
const pushed = parseSettings({ expiryWarningDays: 7 });

function harness(asks = true) {
  const clock = new ManualClock();
  const requests = new Map<string, ReturnType<typeof deferred<unknown>>>();
  const late: string[] = [];
  const settings = new DocumentSettings({
    asks: () => asks,
    ask: (uri) => {
      const d = deferred<unknown>();
      requests.set(uri, d);
      return d.promise;
    },
    pushed: () => pushed,
    arrivedLate: (uri) => late.push(uri),
    waitMs: 3000,
    timers: clock,
  });
  return { clock, requests, late, settings };
}

describe('the settings of a document, from the client', () => {
  it('a client that answers: its settings; null (nothing set) and a refusal: the pushed ones', async () => {
    const { requests, settings, clock } = harness();
    const a = settings.of('file:///a.cnf');
    assert.deepEqual(clock.waits(), [3000]);
    requests.get('file:///a.cnf')!.answer({ expiryWarningDays: 45 });
    assert.equal((await a).expiryWarningDays, 45);
    assert.equal(settings.of('file:///a.cnf'), settings.of('file:///a.cnf'), 'asked once');
    const b = settings.of('file:///b.cnf');
    requests.get('file:///b.cnf')!.answer(null);
    assert.equal(await b, pushed);
    const c = settings.of('file:///c.cnf');
    requests.get('file:///c.cnf')!.refuse(new Error('no'));
    assert.equal(await c, pushed);
    assert.deepEqual(clock.waits(), [], 'every wait ended with its answer');
  });

  it('a client that declares no configuration requests is not asked', async () => {
    const { requests, settings } = harness(false);
    assert.equal(await settings.of('file:///a.cnf'), pushed);
    assert.equal(requests.size, 0);
  });

  it('a silent client: the pushed settings after the wait, no wait for the next document, a late answer used and validated again', async () => {
    const { clock, requests, late, settings } = harness();
    const a = settings.of('file:///a.cnf');
    clock.fireAll();
    assert.equal(await a, pushed);
    // The next document's request is sent, but its diagnostics wait for nothing.
    const b = settings.of('file:///b.cnf');
    assert.deepEqual(clock.waits(), [0]);
    clock.fireAll();
    assert.equal(await b, pushed);
    assert.deepEqual(late, []);
    requests.get('file:///a.cnf')!.answer({ expiryWarningDays: 60 });
    await flush();
    assert.deepEqual(late, ['file:///a.cnf']);
    assert.equal((await settings.of('file:///a.cnf')).expiryWarningDays, 60);
    // It answered: the next document waits again.
    void settings.of('file:///c.cnf');
    assert.deepEqual(clock.waits(), [3000]);
  });

  it('a late answer to a request made before the configuration changed is dropped', async () => {
    const { clock, requests, late, settings } = harness();
    void settings.of('file:///a.cnf');
    clock.fireAll();
    const first = requests.get('file:///a.cnf')!;
    settings.clear();
    const again = settings.of('file:///a.cnf');
    first.answer({ expiryWarningDays: 60 });
    await flush();
    assert.deepEqual(late, []);
    assert.equal(settings.of('file:///a.cnf'), again);
  });

  it('settingsFromAnswer: null and undefined leave the pushed settings; a value is read with the defaults for what it lacks', () => {
    assert.equal(settingsFromAnswer(null, pushed), pushed);
    assert.equal(settingsFromAnswer(undefined, pushed), pushed);
    const s: ServerSettings = settingsFromAnswer({ expiryWarningDays: 5 }, pushed);
    assert.equal(s.expiryWarningDays, 5);
    assert.equal(s.maxFileSizeMB, defaultServerSettings.maxFileSizeMB);
  });
});

describe('answerWithin', () => {
  it('the answer when it comes in time, the fallback else, and the late answer to `late`', async () => {
    const clock = new ManualClock();
    const quick = deferred<string>();
    const w = answerWithin(quick.promise, 100, () => 'fallback', undefined, clock);
    quick.answer('answer');
    assert.deepEqual(await w, { value: 'answer', answered: true });
    const slow = deferred<string>();
    const lateValues: string[] = [];
    const v = answerWithin(slow.promise, 100, () => 'fallback', (x) => lateValues.push(x), clock);
    clock.fireAll();
    assert.deepEqual(await v, { value: 'fallback', answered: false });
    slow.answer('late');
    await flush();
    assert.deepEqual(lateValues, ['late']);
  });
});
