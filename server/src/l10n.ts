/**
 * The server's side of localisation (core/l10n.ts): the catalogue for the client's
 * `initialize` locale, and the places where the core's English texts leave the
 * server (diagnostics, hovers, completion, code actions, custom requests,
 * notifications) pass through the localiser there.
 */
import type * as lsp from 'vscode-languageserver';
import { english, localiser, type Localiser } from './core/l10n';

export { loadLocaliser } from './l10nLoader';

const withDocs = new WeakMap<Localiser, Promise<Localiser>>();

/**
 * The localiser that also knows the openssl.cnf reference docs (docs.ts, translated in
 * server/l10n/docs.zh-cn.json), for hovers and completion: the same catalogue plus the docs,
 * loaded on the first use in Chinese. English, and every other answer, never load them.
 */
export function referenceLocaliser(l10n: Localiser): Promise<Localiser> {
  if (l10n.locale !== 'zh-cn') return Promise.resolve(l10n);
  let p = withDocs.get(l10n);
  if (!p) {
    p = Promise.all([import('./cnfDocsZhCn.js'), import('./l10nCatalogue.js')]).then(([{ cnfDocsZhCn }, { zhCn }]) => localiser(l10n.locale, zhCn, cnfDocsZhCn));
    withDocs.set(l10n, p);
  }
  return p;
}

/** Properties of custom-request answers that hold words for the user (tree rows, tooltips, fields, reports, warnings). */
const wordKeys = new Set(['label', 'description', 'tooltip', 'value', 'revocation', 'summary', 'problems', 'message', 'title', 'detail', 'heading', 'note', 'reason', 'hint', /* the certificate editor (core/pki/editorModel.ts) */ 'subheading', 'badges', 'chainNote', /* the TLS doctor (core/doctor/explain.ts) */ 'what', /* issuing (core/issue, core/setup/reissue.ts) */ 'warnings', 'notGranted', 'messages', 'question', /* a CA rotation step (core/issue/rotation.ts) */ 'explanation', /* a PKCS#12 password refused (features/inspect.ts) */ 'passwordError', /* listRows on the wire (core/pki/rowWire.ts) */ 'l', 'd']);

/**
 * A copy of a custom request's answer with the user-facing strings localised:
 * strings under `wordKeys` (and in arrays under them), at any depth. Other strings
 * (ids, paths, PEM, DER, objects marked `verbatim`) are left alone; English answers are returned as they are.
 */
export function localiseAnswer<T>(value: T, l10n: Localiser): T {
  if (l10n === english) return value;
  const walk = (v: unknown, words: boolean): unknown => {
    if (typeof v === 'string') return words ? l10n.text(v) : v;
    if (Array.isArray(v)) return v.map((x) => walk(x, words));
    if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return v;
    // A refusal (a ResponseError the handler returned): the same class, so it is still sent as
    // an error, with its message (the core's IssueError text) in the user's language.
    if (v instanceof Error) return Object.assign(Object.create(Object.getPrototypeOf(v) as object) as Error, v, { message: l10n.text(v.message) });
    // A row of the certificate's own data (a name attribute, a SAN): "Valid" as an O is not a word to translate.
    if ((v as { verbatim?: unknown }).verbatim === true) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x, wordKeys.has(k));
    return out;
  };
  return walk(value, false) as T;
}

/** Markdown or plain text (not a code block: `{ language, value }` is shown as it is). */
function markup<T extends string | lsp.MarkupContent | lsp.MarkedString>(c: T, l10n: Localiser): T {
  if (typeof c === 'string') return l10n.text(c) as T;
  const o = c as { value: string; language?: string };
  return (o.language !== undefined ? c : { ...o, value: l10n.text(o.value) }) as T;
}

export function localiseHover(h: lsp.Hover | null, l10n: Localiser): lsp.Hover | null {
  if (!h || l10n === english) return h;
  const c = h.contents;
  return { ...h, contents: Array.isArray(c) ? c.map((x) => markup(x, l10n)) : markup(c as lsp.MarkupContent, l10n) };
}

export function localiseCompletion(items: lsp.CompletionItem[], l10n: Localiser): lsp.CompletionItem[] {
  if (l10n === english) return items;
  return items.map((i) => ({
    ...i,
    ...(i.detail !== undefined ? { detail: l10n.text(i.detail) } : {}),
    ...(i.documentation !== undefined ? { documentation: markup(i.documentation, l10n) } : {}),
  }));
}

export function localiseCodeActions(actions: lsp.CodeAction[], l10n: Localiser): lsp.CodeAction[] {
  if (l10n === english) return actions;
  return actions.map((a) => ({ ...a, title: l10n.text(a.title) }));
}

/**
 * An outline in the user's language: the detail of a symbol of `sectionKind` (an openssl.cnf
 * section's roles, the reference docs' names joined by ", "), role by role. A key's detail is
 * its value and is never translated; names are the file's own.
 */
export function localiseSymbols<T extends lsp.DocumentSymbol | lsp.SymbolInformation>(symbols: T[], l10n: Localiser, sectionKind: lsp.SymbolKind): T[] {
  if (l10n === english) return symbols;
  return symbols.map((s) => ('detail' in s && s.detail && s.kind === sectionKind ? { ...s, detail: s.detail.split(', ').map((role) => l10n.text(role)).join('、') } : s));
}

/**
 * The connection as the features see it: the answers of their custom requests and
 * the messages they show go through the localiser; everything else is the connection.
 */
export function localisedConnection(connection: lsp.Connection, l10n: () => Localiser): lsp.Connection {
  const wrapped = Object.create(connection) as lsp.Connection & Record<string, unknown>;
  wrapped.onRequest = ((type: unknown, handler?: (...args: unknown[]) => unknown) => {
    if (typeof handler !== 'function') return (connection.onRequest as (...a: unknown[]) => lsp.Disposable)(type, handler);
    return (connection.onRequest as (...a: unknown[]) => lsp.Disposable)(type, async (...args: unknown[]) => localiseAnswer(await handler(...args), l10n()));
  }) as lsp.Connection['onRequest'];
  wrapped.sendNotification = ((type: unknown, params?: unknown) => {
    const method = typeof type === 'string' ? type : (type as { method?: string }).method;
    const p = method === 'window/showMessage' && params && typeof params === 'object' ? { ...params, message: l10n().text((params as { message: string }).message) } : params;
    return (connection.sendNotification as (...a: unknown[]) => Promise<void>)(type, p);
  }) as lsp.Connection['sendNotification'];
  return wrapped;
}
