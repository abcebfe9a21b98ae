import type { Finding } from '../../types';
import type { CnfModel } from '../model';
import { loadRules } from './load';
import { FindingSink } from './util';

/** Runs every openssl.cnf rule over a model. */
export function runRules(model: CnfModel): Finding[] {
  const sink = new FindingSink();
  loadRules(model, sink);
  return sink.findings.sort((a, b) => a.start - b.start || a.end - b.end);
}
