/**
 * Diagnostics on the line being typed. `extendedKeyUsage = ` is an error for
 * OpenSSL ("invalid empty name") but, with the caret after the `=`, it is a value
 * not yet written: while the line is being edited, an unfinished name or value
 * at its end is reported as information, not as an error. The next edit
 * elsewhere (or reopening the file) reports it with its real severity.
 */
import type { Finding } from '../types';
import { tr } from '../l10n';

/** Codes that mean "nothing (yet) where something must follow": an empty list entry or value, a name without its `=`. */
const unfinishedCodes: ReadonlySet<string> = new Set(['X509-EXT-3', 'CNF-001']);

/**
 * Findings with an unfinished-input code that reach the end of the line holding
 * `caret` (the end of the last edit) become information. Pure; linear in the
 * findings.
 */
export function softenWhileTyping(findings: readonly Finding[], text: string, caret: number | undefined): Finding[] {
  if (caret === undefined || caret < 0 || caret > text.length) return [...findings];
  const lineStart = text.lastIndexOf('\n', caret - 1) + 1;
  let lineEnd = text.indexOf('\n', caret);
  if (lineEnd < 0) lineEnd = text.length;
  let typedEnd = lineEnd;
  while (typedEnd > lineStart && /[ \t\r]/.test(text[typedEnd - 1]!)) typedEnd--;
  return findings.map((f) =>
    f.severity === 'error' && unfinishedCodes.has(f.code) && f.start >= lineStart && f.start <= lineEnd && f.end >= typedEnd && caret >= f.start - 1
      ? { ...f, severity: 'information', message: tr`${f.message} (Still typing? OpenSSL refuses the file while the line stays like this.)` }
      : f,
  );
}
