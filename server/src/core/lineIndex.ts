/** Offset ↔ (line, character) conversion for hosts that need positions (CLI output, tests). */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    // indexOf skips runs of text natively, much faster than a charCodeAt loop on large files.
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo]! };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[Math.max(0, position.line)]!;
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1]! : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }
}

/** The last texts `lineAt` indexed (a finding pass asks lines of the same few texts, one per finding). */
const recent = new Map<string, LineIndex>();

/**
 * The 0-based line of `offset` in `text`. The line starts of a text are found once and kept for the
 * next few texts: counting newlines for each finding made a file with a finding per line quadratic.
 */
export function lineAt(text: string, offset: number): number {
  let index = recent.get(text);
  if (!index) {
    if (recent.size >= 8) recent.clear();
    recent.set(text, (index = new LineIndex(text)));
  }
  return index.positionAt(offset).line;
}
