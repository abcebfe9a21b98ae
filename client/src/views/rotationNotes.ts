/**
 * The CA rotation in the Certificates view: a CA whose folder records a rotation
 * (`<caDir>/rotation/state.json`, written by `certwright ca rotate` and Rotate CA) gets
 * the step in its description — "rotation: published, next: reissue (this CA is being
 * replaced)" on the old CA, "… (the new CA)" on the new one, "rotation complete" on the
 * new CA once the old one is retired. Read through workspace.fs when the tree loads (one
 * small file per CA folder); the server stays the authority on where a profile keeps it.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { issueLayoutRequest, type IssueLayoutResult } from '../../../server/src/protocol/issue';
import type { PkiNode } from '../../../server/src/protocol/inspect';

const profiles = ['cockroach', 'dm', 'postgres', 'generic'] as const;
const nextOf: Readonly<Record<string, string>> = { created: 'publish', published: 'reissue', reissued: 'retire' };
/** A state file is a few hundred bytes; anything much larger is not one. */
const maxStateBytes = 256 * 1024;

interface StateFile {
  readonly phase: string;
  readonly old?: { readonly sha256?: string };
  readonly new?: { readonly sha256?: string };
}

/** Colon hex (the tree's fingerprints) → the state file's lower-case hex. */
const plainHex = (colon: string | undefined): string => (colon ?? '').replace(/:/g, '').toLowerCase();

export class RotationNotes {
  private notes = new Map<string, string>();
  private layouts: Promise<IssueLayoutResult[]> | undefined;

  constructor(private readonly services: Services) {}

  /** The note for a certificate node (or row: its id), if it is a CA of a rotation. */
  noteFor(node: { readonly id: string }): string | undefined {
    return this.notes.get(node.id);
  }

  /** Reads the rotation state of every CA folder of the tree. */
  async update(roots: readonly PkiNode[]): Promise<void> {
    this.layouts ??= Promise.all(profiles.map((profile) => this.services.client.sendRequest<IssueLayoutResult>(issueLayoutRequest, { profile })));
    const layouts = await this.layouts.catch(() => {
      this.layouts = undefined;
      return undefined;
    });
    if (!layouts) return;
    const cas: PkiNode[] = [];
    const walk = (nodes: readonly PkiNode[]): void => {
      for (const n of nodes) {
        if (n.kind === 'certificate' && (n.role === 'ca' || n.role === 'intermediate')) cas.push(n);
        walk(n.children);
      }
    };
    walk(roots);
    const states = new Map<string, Promise<StateFile | undefined>>();
    const next = new Map<string, string>();
    for (const ca of cas) {
      for (const loc of ca.locations) {
        const path = loc.path.replace(/\\/g, '/');
        for (const l of layouts) {
          // The CA file of a layout (root.crt, certs/ca.crt…), or the new CA beside it during a rotation.
          const root = [l.caCert, l.rotationState && `${l.rotationState.replace(/state\.json$/, '')}next-ca.crt`].filter((p): p is string => !!p).map((p) => (path.endsWith(`/${p}`) ? loc.path.slice(0, -p.length) : undefined)).find((r) => r !== undefined);
          if (!l.rotationState || root === undefined) continue;
          const file = `${root}${l.rotationState}`;
          if (!states.has(file)) states.set(file, readState(file));
          const note = describe(await states.get(file)!, plainHex(ca.sha256));
          if (note) next.set(ca.id, note);
        }
      }
    }
    this.notes = next;
  }
}

async function readState(file: string): Promise<StateFile | undefined> {
  try {
    const uri = vscode.Uri.file(file);
    if ((await vscode.workspace.fs.stat(uri)).size > maxStateBytes) return undefined;
    const s = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as StateFile;
    return typeof s?.phase === 'string' ? s : undefined;
  } catch {
    return undefined;
  }
}

function describe(st: StateFile | undefined, sha: string): string | undefined {
  if (!st || !sha) return undefined;
  if (st.phase === 'retired') return sha === st.new?.sha256 ? vscode.l10n.t('rotation complete') : undefined;
  const step = vscode.l10n.t('rotation: {0}, next: {1}', st.phase, nextOf[st.phase] ?? '—');
  if (sha === st.old?.sha256) return vscode.l10n.t('{0} (this CA is being replaced)', step);
  if (sha === st.new?.sha256) return vscode.l10n.t('{0} (the new CA)', step);
  return undefined;
}
