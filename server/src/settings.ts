import type { LintSettings, RuleSetting } from './core/types';
import { defaultLintSettings } from './core/types';

/** The `certwright` configuration section as the client sends it. */
export interface ServerSettings extends LintSettings {
  /** Documents larger than this (in MB of text) are not analysed. */
  readonly maxFileSizeMB: number;
}

export const defaultServerSettings: ServerSettings = { ...defaultLintSettings, maxFileSizeMB: 32 };

const ruleValues = new Set<RuleSetting>(['off', 'error', 'warning', 'information', 'hint']);

/** Reads untrusted configuration into settings, keeping defaults for anything malformed. */
export function parseSettings(raw: unknown): ServerSettings {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleSetting> = {};
  if (s.rules && typeof s.rules === 'object') {
    for (const [code, value] of Object.entries(s.rules as Record<string, unknown>)) {
      if (typeof value === 'string' && ruleValues.has(value as RuleSetting)) rules[code] = value as RuleSetting;
    }
  }
  const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);
  return {
    rules,
    expiryWarningDays: num(s.expiryWarningDays, defaultServerSettings.expiryWarningDays),
    profile: typeof s.profile === 'string' && s.profile ? s.profile : defaultServerSettings.profile,
    maxFileSizeMB: num(s.maxFileSizeMB, defaultServerSettings.maxFileSizeMB),
    ...(s.pathMappings && typeof s.pathMappings === 'object'
      ? { pathMappings: Object.fromEntries(Object.entries(s.pathMappings as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string')) }
      : {}),
  };
}
