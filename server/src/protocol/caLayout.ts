/**
 * Where a CA's files are, and reading them, are shared by every front end: the editor
 * resolves an adopted CA's layout and reads its files with the core's one implementation
 * (core/issue/caLayout.ts, core/issue/caFiles.ts), as the CLI does; the client reaches it here.
 */
export { keyOfCertificate, LAYOUT_FILE, renewedCopyOf } from '../core/issue/layout';
export { defaultKeyPath } from '../core/issue/profiles';
export { withCaLayout, withParentLayout } from '../core/issue/caLayout';
export type { ResolvedLayout } from '../core/issue/caLayout';
export { readCaFiles } from '../core/issue/caFiles';
export type { CaFiles } from '../core/issue/caFiles';
