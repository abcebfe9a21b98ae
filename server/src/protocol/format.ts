/**
 * The display format is shared by every front end: the client shows dates, names
 * and roles with the core's one implementation (core/format.ts).
 */
export { formatDay, formatDn, formatInstant, formatOnelineDn, roleName, roleNames } from '../core/format';
export type { CertificateRole, NameAttribute } from '../core/format';
