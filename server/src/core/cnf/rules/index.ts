import type { Finding } from '../../types';
import type { CnfModel } from '../model';

/** Runs every openssl.cnf rule over a model. Filled in by the rule modules. */
export function runRules(model: CnfModel): Finding[] {
  void model;
  return [];
}
