/**
 * The settings each document is linted with. A client that answers workspace/configuration gives
 * them per document (scopeUri); the settings it pushed (initializationOptions, then
 * didChangeConfiguration) stand where it declares no configuration requests, where it has nothing
 * set for the section, and meanwhile where it is slow: diagnostics wait for its answer at most
 * `waitMs`, and an answer that comes later validates the document again. Once a request went
 * unanswered that long, the next ones do not hold diagnostics back until one is answered.
 */
import { answerWithin, nodeTimers, type Timers } from './answerWithin';
import { parseSettings, type ServerSettings } from './settings';

/** A workspace/configuration answer read: a client with nothing set for the section answers null, and the pushed settings stand. */
export function settingsFromAnswer(raw: unknown, pushed: ServerSettings): ServerSettings {
  return raw === null || raw === undefined ? pushed : parseSettings(raw);
}

export interface SettingsSource {
  /** Whether the client answers workspace/configuration (it declared `workspace.configuration`). */
  readonly asks: () => boolean;
  /** Sends workspace/configuration for the `certwright` section of this document. */
  readonly ask: (uri: string) => Promise<unknown>;
  /** The settings the client pushed, or the defaults. */
  readonly pushed: () => ServerSettings;
  /** A document's settings arrived after its diagnostics went on with the pushed ones. */
  readonly arrivedLate: (uri: string) => void;
  readonly waitMs: number;
  readonly timers?: Timers;
}

export class DocumentSettings {
  private readonly cache = new Map<string, Promise<ServerSettings>>();
  /** Set when a request went unanswered for waitMs, cleared by the next answer. */
  private silent = false;

  constructor(private readonly source: SettingsSource) {}

  /** The settings of a document, asked once until forgotten. */
  of(uri: string): Promise<ServerSettings> {
    const { source } = this;
    if (!source.asks()) return Promise.resolve(source.pushed());
    const known = this.cache.get(uri);
    if (known) return known;
    const asked = source.ask(uri).then(
      (raw) => settingsFromAnswer(raw, source.pushed()),
      () => source.pushed(),
    );
    const fallback = (): ServerSettings => {
      this.silent = true;
      return source.pushed();
    };
    const late = (settings: ServerSettings): void => {
      this.silent = false;
      // Unless the settings were asked again since (a didChangeConfiguration cleared them).
      if (this.cache.get(uri) !== waited) return;
      this.cache.set(uri, Promise.resolve(settings));
      source.arrivedLate(uri);
    };
    const waited = answerWithin(asked, this.silent ? 0 : source.waitMs, fallback, late, source.timers ?? nodeTimers).then(({ value, answered }) => {
      if (answered) this.silent = false;
      return value;
    });
    this.cache.set(uri, waited);
    return waited;
  }

  /** Asks again for this document next time (it was closed). */
  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** Asks again for every document (the configuration changed). */
  clear(): void {
    this.cache.clear();
  }
}
