import type { Severity } from '../types';

/** What a rule says about itself: the severity it reports by default and one or two sentences on what the consuming program does. */
export interface RuleMeta {
  readonly severity: Severity;
  readonly description: string;
}
