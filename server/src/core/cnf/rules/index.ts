import type { Finding } from '../../types';
import type { CnfModel, CommandLineUse } from '../model';
import { commandRules } from './commands';
import { extensionRules } from './extensions';
import { loadRules } from './load';
import { usageRules } from './usage';
import { reqDefaultsRules } from './reqDefaults';
import { caRequiredRules } from './caRequired';
import { includeRules } from './includes';
import { oidRules } from './oids';
import { moduleRules } from './modules';
import { FindingSink } from './util';

/** Runs every openssl.cnf rule over a model. */
export function runRules(model: CnfModel, commandLine: CommandLineUse = {}): Finding[] {
  const sink = new FindingSink();
  loadRules(model, sink);
  oidRules(model, sink);
  moduleRules(model, sink);
  extensionRules(model, sink);
  commandRules(model, sink, commandLine.caName);
  usageRules(model, sink);
  reqDefaultsRules(model, sink);
  caRequiredRules(model, sink, commandLine.caName, commandLine.caOperation);
  includeRules(model, sink);
  return sink.findings.sort((a, b) => a.start - b.start || a.end - b.end);
}
