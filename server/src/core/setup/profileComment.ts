/** The profile names, and the `# certwright: profile=<name>` comment that picks one for a file. */
export const profiles = ['auto', 'cockroach', 'dm', 'postgres', 'generic'] as const;
export type ProfileName = (typeof profiles)[number];

const commentRe = /^[ \t]*(?:#|;|\/\/)[ \t]*certwright:[ \t]*profile[ \t]*=[ \t]*([A-Za-z-]+)/m;

export function profileComment(text: string): ProfileName | undefined {
  const head = text.length > 4000 ? text.slice(0, 4000) : text;
  const m = commentRe.exec(head);
  const v = m?.[1]?.toLowerCase();
  return v && (profiles as readonly string[]).includes(v) ? (v as ProfileName) : undefined;
}
