/**
 * The one resolver of a CA folder's layout, for every front end (the CLI, the language
 * server, the palette commands, the quick fixes): the layout `certwright adopt` stored in
 * the folder (`certwright-layout.json`, whose text the front end reads), else the
 * profile's built-in one. An operation on an adopted CA carries its layout, so the core
 * reads and writes the files that are already there. Pure; no X.509 stack (the client
 * bundles it).
 */
import { LAYOUT_FILE, parseLayoutFile } from './layout';
import { profileLayout } from './profiles';
import { tr } from '../l10n';
import type { IssueOperation, ProfileId, ProfileLayout } from './types';

export type ResolvedLayout = ProfileLayout & { readonly adopted?: true };

/**
 * The layout of a CA folder: `stored` is the text of its `certwright-layout.json` (undefined
 * when it has none); the profile asked for wins over the stored one (the profile decides
 * names and extensions, the layout where files are). Undefined when neither is given.
 * A stored file that is not a layout is refused (IssueError), never ignored.
 */
export function resolveCaLayout(stored: string | undefined, profile: ProfileId | undefined): ResolvedLayout | undefined {
  if (stored === undefined) return profile ? profileLayout(profile) : undefined;
  const layout = parseLayoutFile(stored);
  return { ...layout, profile: profile ?? layout.profile, adopted: true };
}

/** The layout an operation carries: an adopted CA's (creating a CA never carries one: it makes Certwright's own layout). */
export function withCaLayout(op: IssueOperation, layout: ResolvedLayout | undefined): IssueOperation {
  if (!layout?.adopted || op.kind === 'createCa' || op.kind === 'createIntermediate') return op;
  return { ...op, layout: plainLayout(layout) } as IssueOperation;
}

/**
 * The parent's layout an operation signed by a parent CA carries (an intermediate created
 * or renewed), when the parent is an adopted CA: the parent's own tool keeps its
 * database, serial file and copies where that layout says.
 */
export function withParentLayout(op: IssueOperation, parent: ResolvedLayout | undefined): IssueOperation {
  if (!parent?.adopted || !(op.kind === 'createIntermediate' || (op.kind === 'renew' && op.parentProfile))) return op;
  return { ...op, parentLayout: plainLayout(parent) };
}

/**
 * Why `ca rotate` (CLI, palette, `certwright/rotateCa`) refuses an adopted CA, with the
 * choices; undefined when it rotates it. An openssl ca or easy-rsa CA rotates in its own CA
 * folder (demoCA/rotation/, pki/retired/…): its tool goes on reading the CA file (the bundle,
 * the issuing CA first), the key and the database where it always has (checked with openssl
 * ca and easyrsa 3.1 after each step). A `cockroach cert` CA is not rotated in place: the
 * rotation keeps the old CA only where that tool does not look.
 */
export function adoptedRotationRefusal(dir: string, layout: ProfileLayout): string | undefined {
  if (layout.origin === 'openssl' || layout.origin === 'easy-rsa' || layout.origin === 'certwright') return undefined;
  const tool = 'cockroach cert';
  return tr`${dir} holds an adopted CA (${LAYOUT_FILE}, made with ${layout.origin}): Certwright does not rotate it in place, since the rotation would put a new key and an empty database at ${layout.caKey} and ${layout.index}, where ${tool} reads this CA, and keep the old CA only where ${tool} does not look. Choose one: renew the CA certificate with the same key (certwright renew --dir ${dir} --cert ${dir}/${layout.caCert}: every certificate it issued keeps verifying); or create the new CA in another folder (certwright ca create --dir NEW_DIR, or certwright init --dir NEW_DIR), publish both CA certificates as one bundle to every node, re-issue from the new CA, then drop the old one; or rotate with ${tool} itself`;
}

/** The layout without the marker, for where a plain ProfileLayout is wanted. */
export function plainLayout(layout: ResolvedLayout): ProfileLayout {
  const { adopted: _, ...plain } = layout;
  return plain;
}
