/**
 * Plain-text forms of what the features write for VS Code, for clients that
 * declare no snippet or Markdown support. Both conversions are single linear
 * passes over the text.
 */

const punctuation = /[!-/:-@[-`{-~]/;

/**
 * The Markdown Certwright writes (emphasis, inline code, backslash escapes,
 * `#` headings) as readable plain text: markers dropped, escapes and code
 * spans taken literally, lists kept.
 */
export function markdownToPlainText(markdown: string): string {
  let out = '';
  let i = 0;
  const n = markdown.length;
  let lineStart = true;
  /** Backtick run lengths with no closing run further on: searched once each, so the pass stays linear. */
  const unclosed = new Set<number>();
  while (i < n) {
    const ch = markdown[i]!;
    if (lineStart) {
      const heading = /^#{1,6} /.exec(markdown.slice(i, i + 8));
      if (heading) i += heading[0].length;
      lineStart = false;
      continue;
    }
    if (ch === '\n') {
      out += ch;
      i++;
      lineStart = true;
      continue;
    }
    if (ch === '\\' && i + 1 < n && punctuation.test(markdown[i + 1]!)) {
      out += markdown[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      let run = 1;
      while (markdown[i + run] === '`') run++;
      const fence = '`'.repeat(run);
      const close = unclosed.has(run) ? -1 : markdown.indexOf(fence, i + run);
      if (close < 0) {
        unclosed.add(run);
        out += fence;
        i += run;
        continue;
      }
      let body = markdown.slice(i + run, close);
      if (body.length > 2 && body.startsWith(' ') && body.endsWith(' ')) body = body.slice(1, -1);
      out += body;
      i = close + run;
      continue;
    }
    if (ch === '*') {
      // Unescaped asterisks are emphasis in Certwright's Markdown (literal ones are escaped),
      // except a "* " list bullet at the start of a line.
      if (out.endsWith('\n') || out === '') {
        if (markdown[i + 1] === ' ') out += '-';
      }
      i++;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/**
 * The text a snippet inserts when the client cannot expand it: each
 * placeholder's default (`${1:0}` → `0`, `${1|a,b|}` → `a`), tab stops dropped,
 * escapes resolved.
 */
export function snippetToPlainText(snippet: string): string {
  let out = '';
  let i = 0;
  let depth = 0;
  const n = snippet.length;
  while (i < n) {
    const ch = snippet[i]!;
    if (ch === '\\' && i + 1 < n && '$}\\,|'.includes(snippet[i + 1]!)) {
      out += snippet[i + 1];
      i += 2;
      continue;
    }
    if (ch === '$') {
      const plain = /^\$\d+/.exec(snippet.slice(i, i + 12));
      if (plain) {
        i += plain[0].length;
        continue;
      }
      const open = /^\$\{\d+([:|]?)/.exec(snippet.slice(i, i + 14));
      if (open) {
        i += open[0].length;
        if (open[1] === '|') {
          // A choice: keep the first option, skip to the closing "|}".
          let first = '';
          while (i < n && snippet[i] !== ',' && snippet[i] !== '|') {
            if (snippet[i] === '\\' && i + 1 < n) i++;
            first += snippet[i];
            i++;
          }
          const end = snippet.indexOf('|}', i);
          i = end < 0 ? n : end + 2;
          out += first;
          continue;
        }
        // For `${1:default}` the default is copied by the loop; its closing brace is dropped below.
        depth++;
        continue;
      }
    }
    if (ch === '}' && depth > 0) {
      depth--;
      i++;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}
