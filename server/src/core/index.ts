/** Public surface of the pure core: what the server, the CLI and tests import. */
export * from './types';
export * from './environment';
export * from './lineIndex';
export * from './linter';
export { linters } from './linters';
