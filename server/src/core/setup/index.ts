/** Cross-file TLS setup validation (TiDB DM, CockroachDB, PostgreSQL): public surface. */
export { setupLinter, SetupLinter } from './linter';
export { certStoreFor } from './certFacts';
export { chooseProfile, detectProfile, profiles, type ProfileChoice, type ProfileName, type ResolvedProfile } from './profile';
export { keyDocFor, keyDocs, securityKeys } from './dmSchema';
export { dmKindOf } from './dmModel';
export { fixKeyPermissionsCommand } from './cockroach';
