/**
 * The character classes of OpenSSL's default CONF method (conf_def.h). Bytes
 * >= 0x80 belong to no class: they end a name and are copied verbatim in values.
 */

export const WS = 1;
export const ALNUM = 2;
export const PUNCT = 4;
export const QUOTE = 8;
export const ESC = 16;
export const COMMENT = 32;
export const DOLLAR = 64;

export const charClass = new Uint8Array(128);
for (const c of ' \t\n\r') charClass[c.charCodeAt(0)]! |= WS;
for (let c = 48; c <= 57; c++) charClass[c]! |= ALNUM;
for (let c = 65; c <= 90; c++) charClass[c]! |= ALNUM;
for (let c = 97; c <= 122; c++) charClass[c]! |= ALNUM;
charClass[95]! |= ALNUM; // _
for (const c of '!.%&*+,-/;?@^|~') charClass[c.charCodeAt(0)]! |= PUNCT;
for (const c of '"\'`') charClass[c.charCodeAt(0)]! |= QUOTE;
charClass[92]! |= ESC; // backslash
charClass[35]! |= COMMENT; // #
charClass[36]! |= DOLLAR; // $

export function cls(code: number): number {
  return code < 128 ? charClass[code]! : 0;
}

export function isWs(code: number): boolean {
  return code < 128 && (charClass[code]! & WS) !== 0;
}

/** A character that may appear in a key or section name. */
export function isNameChar(code: number, dollarid: boolean): boolean {
  if (code >= 128) return false;
  const k = charClass[code]!;
  return (k & (ALNUM | PUNCT)) !== 0 || (dollarid && (k & DOLLAR) !== 0);
}

/** A character that may appear in a variable name (`$name`). */
export function isVarChar(code: number, dollarid: boolean): boolean {
  if (code >= 128) return false;
  const k = charClass[code]!;
  return (k & ALNUM) !== 0 || (dollarid && (k & DOLLAR) !== 0);
}
