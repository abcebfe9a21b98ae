/**
 * A client's answer to a request of the server, waited for a bounded time. A client may declare a
 * capability (workspace/configuration, dynamic registration of file watching) and never answer
 * the request it makes possible: what needs the answer goes on without it, and an answer that
 * comes after all is still used (`late`).
 */

/** The timer functions used (tests give their own clock). */
export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const nodeTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface Waited<T> {
  readonly value: T;
  /** False when `waitMs` passed first and the value is the fallback. */
  readonly answered: boolean;
}

/**
 * `asked`'s value, or `fallback()` once `waitMs` pass without it; `late` runs with the value of an
 * answer that comes after the fallback stood. `asked` must not reject (map a refusal to a value).
 */
export function answerWithin<T>(asked: Promise<T>, waitMs: number, fallback: () => T, late?: (value: T) => void, timers: Timers = nodeTimers): Promise<Waited<T>> {
  return new Promise((resolve) => {
    let timedOut = false;
    const timer = timers.set(() => {
      timedOut = true;
      resolve({ value: fallback(), answered: false });
    }, waitMs);
    void asked.then((value) => {
      timers.clear(timer);
      if (timedOut) late?.(value);
      else resolve({ value, answered: true });
    });
  });
}
