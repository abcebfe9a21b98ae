/**
 * The TextMate grammars as VS Code runs them: vscode-textmate with the Oniguruma
 * WebAssembly engine, tokenising sample lines and checking the scopes of each token.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = resolve(__dirname, '../../..');
const grammarFiles: Record<string, string> = {
  'source.openssl-conf': 'syntaxes/openssl-conf.tmLanguage.json',
  'text.pem': 'syntaxes/pem.tmLanguage.json',
};

let registry: textmate.Registry;
before(async () => {
  const wasm = readFileSync(resolve(root, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      const file = grammarFiles[scopeName];
      if (!file) return null;
      return textmate.parseRawGrammar(readFileSync(resolve(root, file), 'utf8'), resolve(root, file));
    },
  });
});

interface Token {
  text: string;
  scopes: string[];
}

/** Tokenises `lines` (as one document) and returns the tokens of each line. */
async function tokenize(scopeName: string, lines: string[]): Promise<Token[][]> {
  const grammar = await registry.loadGrammar(scopeName);
  assert.ok(grammar, `grammar ${scopeName} did not load`);
  let state = textmate.INITIAL;
  return lines.map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The innermost scope carried by the token whose text is exactly `text`. */
function scopeOf(tokens: Token[], text: string): string[] {
  const t = tokens.find((x) => x.text === text);
  assert.ok(t, `no token "${text}" in ${JSON.stringify(tokens.map((x) => x.text))}`);
  return t.scopes;
}

function has(tokens: Token[], text: string, scope: string): void {
  const scopes = scopeOf(tokens, text);
  assert.ok(scopes.some((s) => s === scope || s.startsWith(`${scope}.`)), `"${text}" has ${scopes.join(' ')}, expected ${scope}`);
}

describe('openssl-conf grammar', () => {
  test('the manifest points at the grammar files with the right scope names', () => {
    const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { contributes: { grammars: Array<{ scopeName: string; path: string; language: string }> } };
    for (const g of manifest.contributes.grammars) {
      assert.equal(resolve(root, g.path), resolve(root, grammarFiles[g.scopeName]!), g.scopeName);
      const raw = JSON.parse(readFileSync(resolve(root, g.path), 'utf8')) as { scopeName: string };
      assert.equal(raw.scopeName, g.scopeName);
    }
  });

  test('section headers, keys, values, comments', async () => {
    const [header, kv, comment, trailing] = await tokenize('source.openssl-conf', ['[ req_distinguished_name ]', 'countryName = Country Name', '# a comment', 'CN = example.com # trailing']);
    has(header!, '[', 'punctuation.definition.section.begin.openssl-conf');
    has(header!, 'req_distinguished_name', 'entity.name.section.openssl-conf');
    has(header!, ']', 'punctuation.definition.section.end.openssl-conf');
    has(kv!, 'countryName', 'variable.other.key.openssl-conf');
    has(kv!, '=', 'keyword.operator.assignment.openssl-conf');
    has(kv!, 'Country', 'string.unquoted.value.openssl-conf');
    has(comment!, ' a comment', 'comment.line.number-sign.openssl-conf');
    has(comment!, '#', 'punctuation.definition.comment.openssl-conf');
    has(trailing!, ' trailing', 'comment.line.number-sign.openssl-conf');
    has(trailing!, 'example.com', 'string.unquoted.value.openssl-conf');
  });

  test('an unterminated section header is marked invalid', async () => {
    const [line] = await tokenize('source.openssl-conf', ['[ req']);
    has(line!, ' req', 'invalid.illegal.unterminated-section.openssl-conf');
  });

  test('numbered and dotted keys: DNS.1, 1.OU, IP.1', async () => {
    const lines = await tokenize('source.openssl-conf', ['DNS.1 = localhost', '1.OU = Ops', 'IP.1 = 127.0.0.1']);
    has(lines[0]!, 'DNS.1', 'variable.other.key.openssl-conf');
    has(lines[1]!, '1.OU', 'variable.other.key.openssl-conf');
    has(lines[2]!, 'IP.1', 'variable.other.key.openssl-conf');
    has(lines[2]!, '127.0.0.1', 'constant.numeric.openssl-conf');
  });

  test('variable references: $var, ${var}, $(var), $section::var, ${section::var}, $ENV::HOME', async () => {
    const [line] = await tokenize('source.openssl-conf', ['dir = $dir/${base}/$(x)/$ca::dir/${ca::certs}/$ENV::HOME']);
    const refs = line!.filter((t) => t.scopes.includes('variable.other.reference.openssl-conf'));
    assert.deepEqual(
      refs.filter((t) => t.scopes.at(-1) === 'variable.other.openssl-conf').map((t) => t.text),
      ['dir', 'base', 'x', 'dir', 'certs', 'HOME'],
    );
    assert.deepEqual(
      refs.filter((t) => t.scopes.at(-1) === 'entity.name.namespace.openssl-conf').map((t) => t.text),
      ['ca', 'ca', 'ENV'],
    );
    has(line!, '$', 'punctuation.definition.variable.openssl-conf');
    has(line!, '{', 'punctuation.definition.variable.begin.openssl-conf');
    has(line!, '::', 'punctuation.separator.namespace.openssl-conf');
  });

  test('@section references, critical, type prefixes and booleans', async () => {
    const lines = await tokenize('source.openssl-conf', [
      'subjectAltName = @alt_names',
      'basicConstraints = critical, CA:TRUE, pathlen:0',
      'extendedKeyUsage = serverAuth, clientAuth',
      'subjectAltName = DNS:node, IP:127.0.0.1, email:copy',
    ]);
    has(lines[0]!, 'alt_names', 'entity.name.section.reference.openssl-conf');
    has(lines[0]!, '@', 'punctuation.definition.section-reference.openssl-conf');
    has(lines[1]!, 'critical', 'storage.modifier.critical.openssl-conf');
    has(lines[1]!, 'CA', 'support.type.openssl-conf');
    has(lines[1]!, 'TRUE', 'constant.language.boolean.openssl-conf');
    has(lines[1]!, 'pathlen', 'support.type.openssl-conf');
    has(lines[1]!, '0', 'constant.numeric.openssl-conf');
    has(lines[2]!, 'serverAuth', 'string.unquoted.value.openssl-conf');
    has(lines[3]!, 'DNS', 'support.type.openssl-conf');
    has(lines[3]!, 'IP', 'support.type.openssl-conf');
    has(lines[3]!, 'email', 'support.type.openssl-conf');
  });

  test('.include and .pragma directives', async () => {
    const lines = await tokenize('source.openssl-conf', ['.include /etc/ssl/extra.cnf', '.include = $ENV::HOME/x.cnf', '.pragma dollarid:on', '.pragma = abspath:true']);
    has(lines[0]!, '.include', 'keyword.control.directive.openssl-conf');
    has(lines[0]!, '/etc/ssl/extra.cnf', 'string.unquoted.path.openssl-conf');
    has(lines[1]!, '=', 'keyword.operator.assignment.openssl-conf');
    has(lines[1]!, 'HOME', 'variable.other.openssl-conf');
    has(lines[2]!, '.pragma', 'keyword.control.directive.openssl-conf');
    has(lines[2]!, 'dollarid', 'support.constant.pragma.openssl-conf');
    has(lines[2]!, 'on', 'constant.language.openssl-conf');
    has(lines[3]!, 'abspath', 'support.constant.pragma.openssl-conf');
    // A key that merely starts with ".include" letters is not a directive when it continues with a name character.
    const [key] = await tokenize('source.openssl-conf', ['.includes = x']);
    assert.ok(!scopeOf(key!, '.includes').includes('keyword.control.directive.openssl-conf'));
  });

  test('quoted strings and escapes; # inside quotes is not a comment', async () => {
    const [line, esc] = await tokenize('source.openssl-conf', ['O = "Acme # Inc" \'x\'', 'url = http://h/p\\#frag']);
    has(line!, '"', 'string.quoted.double.openssl-conf');
    has(line!, 'Acme # Inc', 'string.quoted.double.openssl-conf');
    assert.ok(!line!.some((t) => t.scopes.some((s) => s.startsWith('comment'))));
    has(esc!, '\\#', 'constant.character.escape.openssl-conf');
  });

  test('the default section and a section-qualified key', async () => {
    const [line] = await tokenize('source.openssl-conf', ['HOME = .']);
    has(line!, 'HOME', 'variable.other.key.openssl-conf');
  });
});

describe('pem grammar', () => {
  const cert = [
    'Subject: CN=example',
    '-----BEGIN CERTIFICATE-----',
    'MIIBszCCAVmgAwIBAgIUQ0==',
    '-----END CERTIFICATE-----',
    '-----BEGIN RSA PRIVATE KEY-----',
    'Proc-Type: 4,ENCRYPTED',
    'DEK-Info: AES-256-CBC,0123456789ABCDEF',
    '',
    'AAAA$$BBBB',
    '-----END RSA PRIVATE KEY-----',
  ];

  test('armour lines, labels, base64 body', async () => {
    const lines = await tokenize('text.pem', cert);
    has(lines[1]!, 'BEGIN', 'keyword.control.armor.begin.pem');
    has(lines[1]!, 'CERTIFICATE', 'entity.name.type.label.pem');
    has(lines[1]!, '-----', 'punctuation.definition.armor.pem');
    has(lines[2]!, 'MIIBszCCAVmgAwIBAgIUQ0==', 'string.unquoted.base64.pem');
    has(lines[2]!, 'MIIBszCCAVmgAwIBAgIUQ0==', 'meta.block.pem');
    has(lines[3]!, 'END', 'keyword.control.armor.end.pem');
  });

  test('explanatory text outside blocks, encryption headers, invalid characters', async () => {
    const lines = await tokenize('text.pem', cert);
    has(lines[0]!, 'Subject: CN=example', 'comment.block.explanatory.pem');
    has(lines[5]!, 'Proc-Type', 'keyword.other.header.pem');
    has(lines[5]!, '4,ENCRYPTED', 'string.unquoted.header-value.pem');
    has(lines[6]!, 'DEK-Info', 'keyword.other.header.pem');
    has(lines[8]!, '$$', 'invalid.illegal.base64.pem');
    has(lines[9]!, 'RSA PRIVATE KEY', 'entity.name.type.label.pem');
  });
});

describe('language configuration files', () => {
  test('openssl-conf: # comments, [ ] brackets; pem: BEGIN/END folding', () => {
    const cnf = JSON.parse(readFileSync(resolve(root, 'language-configuration/openssl-conf.json'), 'utf8')) as { comments: { lineComment: string }; brackets: string[][]; wordPattern: string };
    assert.equal(cnf.comments.lineComment, '#');
    assert.ok(cnf.brackets.some(([a, b]) => a === '[' && b === ']'));
    const word = new RegExp(cnf.wordPattern);
    assert.equal(word.exec('x = ${ca::dir}/y')?.[0], 'x');
    assert.equal(new RegExp(cnf.wordPattern, 'g')[Symbol.match]('a = ${ca::dir} DNS.1 @alt_names')?.join('|'), 'a|${ca::dir}|DNS.1|@alt_names');
    const pem = JSON.parse(readFileSync(resolve(root, 'language-configuration/pem.json'), 'utf8')) as { folding: { markers: { start: string; end: string } } };
    assert.ok(new RegExp(pem.folding.markers.start).test('-----BEGIN CERTIFICATE-----'));
    assert.ok(new RegExp(pem.folding.markers.end).test('-----END CERTIFICATE-----'));
  });
});
