/**
 * The Certificates view's tooltips as Markdown: the server's plain-text tooltip
 * (one fact per line, `✕ ` / `⚠ ` marking errors and warnings) with the marks
 * drawn as codicons, as the hovers draw them, and the first line in bold. Pure:
 * the tree wraps the result in a MarkdownString with supportThemeIcons.
 */

const marks: ReadonlyArray<readonly [string, string]> = [
  ['✕ ', '$(error)'],
  ['⚠ ', '$(warning)'],
];

/** Markdown's punctuation and the `$(` of theme icons, escaped: the text is shown as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~$]/g, '\\$&');
}

export function tooltipMarkdown(text: string): string {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const mark = marks.find(([m]) => line.startsWith(m));
      if (mark) return `${mark[1]} ${escapeMarkdown(line.slice(mark[0].length))}`;
      return i === 0 ? `**${escapeMarkdown(line)}**` : escapeMarkdown(line);
    })
    .join('\n\n');
}
