/**
 * Keeps key material and passwords out of the "Certwright" output channel. With
 * `certwright.trace.server: verbose` the language client writes every JSON-RPC
 * message there: an issue request carries the CA key, its answer the new keys
 * inside the write plan, a PKCS#12 decode its password. Every line written to
 * the channel passes through `redactTrace`, whatever request produced it.
 *
 * Pure (no vscode import), so it is tested on real JSON-RPC trace output.
 */

/**
 * A PEM private key of any kind (PRIVATE KEY, RSA/EC PRIVATE KEY, ENCRYPTED PRIVATE
 * KEY), raw or JSON-escaped, up to its END line or, when cut short, the end of the
 * JSON string or of the text.
 */
const pemKey = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----[\s\S]*?(?:-----END \1-----|(?=")|$)/g;
/**
 * A JSON member holding a secret value (`"password": "..."`, `"keyPassphrase": "..."`: any
 * member whose name ends with one of these words). `secretMember` as written; `escapedSecretMember`
 * inside another JSON string, where an escaped quote of the value reads `\\\"` (when unsure
 * where the value ends, it redacts too much, never too little).
 */
const secretName = String.raw`[A-Za-z_]*(?:password|passphrase|passin|passout|secret)`;
const secretMember = new RegExp(String.raw`("${secretName}"\s*:\s*")(?:[^"\\]|\\.)*?"`, 'gi');
const escapedSecretMember = new RegExp(String.raw`(\\"${secretName}\\"\s*:\s*\\")(?:\\\\\\"|\\\\(?!\\")|\\[^"\\]|[^"\\])*?\\"`, 'gi');

export function redactTrace(text: string): string {
  if (!text.includes('PRIVATE KEY') && !/pass|secret/i.test(text)) return text;
  return text.replace(pemKey, '-----BEGIN $1----- [key material not shown] -----END $1-----').replace(escapedSecretMember, '$1[not shown]\\"').replace(secretMember, '$1[not shown]"');
}

const writers = new Set<string | symbol>(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

/**
 * The output channel with every written line passed through redactTrace; every
 * other member (logLevel, onDidChangeLogLevel, show...) is the channel's own.
 */
export function redacting<T extends object>(channel: T): T {
  return new Proxy(channel, {
    get(target, prop) {
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      if (!writers.has(prop)) return v.bind(target);
      return (message: unknown, ...rest: unknown[]) => (v as (...a: unknown[]) => unknown).call(target, typeof message === 'string' ? redactTrace(message) : message, ...rest);
    },
  });
}
