/** Public surface of the openssl.cnf core (parser, loader, model, vocabulary, rules). */
export * from './nodes';
export { parseCnf, type ParseOptions } from './parser';
export * from './expand';
export * from './model';
export * from './vocabulary';
export { analyzeCnf, clearCnfCache, type AnalyzeOptions, type CnfAnalysis } from './analyze';
