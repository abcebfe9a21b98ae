import { analyzeCnf } from '../../../server/src/core/cnf/analyze';
import { buildFeatureModel, type FeatureModel } from '../../../server/src/core/cnf/featureModel';

let n = 0;

/** The feature model of `text` (a fresh pseudo-path each time, so no cache is shared). */
export function modelOf(text: string, vars?: Record<string, string>): FeatureModel {
  return buildFeatureModel(analyzeCnf(text, { path: `/virtual/features-${++n}.cnf`, ...(vars ? { vars } : {}) }));
}

/** Splits a text with one `¦` cursor marker into the text and the cursor offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('¦');
  if (offset < 0) throw new Error('no ¦ in text');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** Offset of `needle` (its `nth` occurrence) in `text`, plus `delta`. */
export function offsetOf(text: string, needle: string, delta = 0, nth = 1): number {
  let i = -1;
  for (let k = 0; k < nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`"${needle}" #${nth} not found`);
  }
  return i + delta;
}
