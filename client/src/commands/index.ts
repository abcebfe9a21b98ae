import type { Services } from '../services';
import { issueCommands } from './issue';
import { rotationCommands } from './issue/rotate';
import { adoptCommands } from './issue/adopt';
import { topologyCommands } from './issue/topology';
import { setupCommands } from './setup';
import { inspectCommands } from './inspect';
import { doctorCommands } from './doctor';
import { operatorCommands } from './operators';
import { csrKitCommands } from './csrKit';
import { ruleCommands } from './rules';

/** A palette or context command: id (without the `certwright.` prefix) → handler. */
export type CommandTable = Record<string, (...args: unknown[]) => unknown>;

/** Command families, each in its own module; their ids must also be in package.json. */
const families: ReadonlyArray<(services: Services) => CommandTable> = [
  issueCommands,
  rotationCommands,
  adoptCommands,
  topologyCommands,
  setupCommands,
  inspectCommands,
  doctorCommands,
  ruleCommands,
  operatorCommands,
  csrKitCommands,
];

export function registerCommands(services: Services): void {
  for (const family of families) {
    for (const [id, handler] of Object.entries(family(services))) {
      services.context.subscriptions.push(services.registerCommand(`certwright.${id}`, handler));
    }
  }
}
