/**
 * MOD-001 / MOD-002: the library configuration under `openssl_conf`, as
 * CONF_modules_load runs it. A failure there is "Error configuring OpenSSL
 * modules" and fatal where the file is given with -config (openssl req / ca:
 * app_load_modules; a file with a req or CA section is such a file) or sets
 * config_diagnostics = 1: an error. Loaded as OPENSSL_CONF otherwise, OpenSSL
 * skips the failing module silently (DEFAULT_CONF_MFLAGS ignore return codes):
 * a warning. What OpenSSL checks only later (when a TLS connection is set up,
 * or for a provider this machine may have) is a warning (MOD-002).
 * Each case below was run with OpenSSL 3.0.19 (test/peers/cnf-classes-openssl.test.ts).
 *
 * Errors (load time), with OpenSSL's words:
 * - a module name that begins no built-in module's name (before a `.suffix`; a
 *   beginning picks the first such module, builtinModuleOf): OpenSSL tries to load
 *   lib<name>.so ("could not load the shared library");
 * - a module value naming a missing section (providers: "provider section error",
 *   alg_section: "error loading section", ssl_conf: "ssl section not found",
 *   engines: "engines section error", random: "random section error",
 *   oid_section: "error loading section", stbl_section);
 * - providers: a provider's section missing ("section=... not found"), or a value
 *   among its parameters naming a section that leads back to one on the way
 *   ("recursive section reference": provider_conf_params follows every value that
 *   names a section; openssl test/recursive.cnf);
 * - ssl_conf: a command section missing ("ssl command section not found"), or the
 *   ssl section or a command section empty ("ssl section empty", "ssl command section
 *   empty"; a distribution's `.include` of its crypto policy, missing here, leaves it so);
 * - engines: an engine's section missing ("engine section error"), a dynamic_path
 *   that does not exist on this machine ("could not load the shared library"), or an
 *   engine by id only (no dynamic_path, not one OpenSSL ships) that this machine's
 *   engines folder lacks, once a command of its section needs it (engineById);
 * - alg_section: a name other than default_properties and fips_mode ("unknown option"),
 *   a property query with characters a query cannot have ("default query parse error"),
 *   or a fips_mode that X509V3_get_value_bool refuses ("invalid boolean string");
 * - random: a name other than random, cipher, digest, properties, seed,
 *   seed_properties ("unknown name in random section");
 * - stbl_section: a field that is not a short or long object name, or a value
 *   other than min:N, max:N, mask:<ASN.1 string types>, flags:nomask|none
 *   ("invalid string table value");
 * - oid_section (module form `name = [long name,] OID`): as OID-001.
 * Warnings (checked later):
 * - alg_section default_properties = fips=yes (or fips_mode = yes) while the file activates no fips
 *   provider: every algorithm fetch fails unless the machine's default config does;
 * - ssl_conf MinProtocol / MaxProtocol values SSL_CONF does not know (read when
 *   a TLS context is made, not at load).
 */

import type { ConfEntry, ConfSection } from '../expand';
import type { CnfModel, CommandLineUse } from '../model';
import { builtinModuleOf, builtinModules, objectByLongName, objectByOid, objectByShortName, readOid } from '../vocabulary';
import type { FindingSink } from './util';
import { opensslEngines } from '../engineDirs';
import { boolValue, isAsn1Bool } from '../x509values';
import { tr } from '../../l10n';

const randomNames = new Set(['random', 'cipher', 'digest', 'properties', 'seed', 'seed_properties']);
const protocols = ['None', 'SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3', 'DTLSv1', 'DTLSv1.2'];
/** asn1_str2tag names whose ASN1_tag2bit is a string type (case-insensitive). */
const maskTypes = new Set(
  ['NUMERIC', 'NUMERICSTRING', 'PRINTABLE', 'PRINTABLESTRING', 'T61', 'T61STRING', 'TELETEXSTRING', 'IA5', 'IA5STRING', 'GENSTR', 'GENERALSTRING', 'UNIV', 'UNIVERSALSTRING', 'BMP', 'BMPSTRING', 'UTF8', 'UTF8STRING', 'VISIBLE', 'VISIBLESTRING', 'OCT', 'OCTETSTRING', 'BITSTR', 'BITSTRING', 'UTC', 'UTCTIME', 'GENTIME', 'GENERALIZEDTIME'],
);

export function moduleRules(model: CnfModel, sink: FindingSink, loadedAs?: CommandLineUse['loadedAs']): void {
  const config = model.config;
  const oc = config.sections.get('default')?.byKey.get('openssl_conf');
  if (!oc || oc.failed) return;
  const init = config.sections.get(oc.value);
  if (!init) return; // CNF-071
  // Fatal where the file is given with -config (openssl req / ca: app_load_modules) or sets
  // config_diagnostics; as OPENSSL_CONF otherwise, OpenSSL ignores the failure and runs without the module.
  // Unless the command line says how, a file with a req or CA section is one given with -config.
  const diag = config.sections.get('default')?.byKey.get('config_diagnostics');
  const diagnostics = !!diag && !diag.failed && /^[-+]?0*[1-9]/.test(diag.value);
  const asConfig = loadedAs ? loadedAs === 'config' : model.reqSections.length > 0 || model.caSections.length > 0;
  const fatal = diagnostics || asConfig;
  const load = (e: ConfEntry, start: number, end: number, why: string): void => {
    if (!e.local) return;
    if (fatal) sink.add('MOD-001', 'error', start, end, tr`${why} — Error configuring OpenSSL modules: ${diagnostics ? tr`with config_diagnostics = 1 every openssl command that loads this file stops here` : tr`openssl req and ca stop here when given this file with -config (as OPENSSL_CONF, without config_diagnostics, the module is skipped silently)`}.`);
    else sink.add('MOD-001', 'warning', start, end, tr`${why}. Loaded as OPENSSL_CONF, OpenSSL skips this module silently (set config_diagnostics = 1 to make it fail); with -config (openssl req, ca) it is fatal.`);
  };
  const onValue = (e: ConfEntry, why: string): void => load(e, e.node.value.start, e.node.value.end, why);
  const onKey = (e: ConfEntry, why: string): void => load(e, e.node.key.start, e.node.key.end, why);
  const section = (e: ConfEntry, what: string) => {
    const s = config.sections.get(e.value);
    if (!s) onValue(e, tr`${what}: there is no section [${e.value}]`);
    return s;
  };
  const activatesFips = (): boolean => {
    const p = init.entries.find((x) => !x.failed && builtinModuleOf(x.key) === 'providers');
    const ps = p ? config.sections.get(p.value) : undefined;
    return !!ps?.entries.some((x) => x.key === 'fips' && config.sections.get(x.value)?.byKey.has('activate'));
  };
  const emptySection = emptySections(config);
  // Several entries may name one section: it is read once for each use (its findings are one per cause,
  // and a file naming one large section thousands of times stays linear).
  // Keyed by name: the store makes a section's view anew on each lookup.
  const readAs = new Map<string, Set<string>>();
  const firstRead = (use: string, s: ConfSection): boolean => {
    let seen = readAs.get(use);
    if (!seen) readAs.set(use, (seen = new Set()));
    if (seen.has(s.name)) return false;
    seen.add(s.name);
    return true;
  };

  let cycles: ReturnType<typeof paramCycles> | undefined;
  for (const m of init.entries) {
    if (m.failed) continue;
    const name = builtinModuleOf(m.key);
    if (!name) {
      const dot = m.key.lastIndexOf('.');
      onKey(m, tr`'${m.key}' is not a module OpenSSL has built in (${builtinModules.join(', ')}), so it tries to load lib${dot < 0 ? m.key : m.key.slice(0, dot)}.so: could not load the shared library`);
      continue;
    }
    const s = section(m, `${name} section error`);
    if (!s || !firstRead(name, s)) continue;
    switch (name) {
      case 'providers': {
        cycles ??= paramCycles(config);
        for (const p of s.entries) {
          if (p.failed) continue;
          const ps = section(p, `provider section error: section=${p.value} not found (provider ${p.key})`);
          if (!ps) continue;
          for (const back of cycles(ps)) onValue(back, tr`recursive section reference: the parameters of provider '${p.key}' lead back to [${back.value}] through '${back.key} = ${back.value}' (OpenSSL reads every value that names a section as a nested section)`);
        }
        break;
      }
      case 'ssl_conf': {
        const empty = emptySection(s);
        if (empty !== undefined) onValue(m, tr`ssl section empty: [${m.value}] has no command sections${empty}`);
        for (const c of s.entries) {
          if (c.failed) continue;
          const cs = section(c, `ssl command section not found: name=${c.key}, value=${c.value}`);
          if (!cs || !firstRead('ssl command', cs)) continue;
          const none = emptySection(cs);
          if (none !== undefined) onValue(c, tr`ssl command section empty: name=${c.key}, value=${c.value} — [${c.value}] has no settings${none}`);
          for (const x of cs.entries) {
            if (x.failed || !x.local || (x.key !== 'MinProtocol' && x.key !== 'MaxProtocol')) continue;
            if (!protocols.includes(x.value)) {
              sink.add('MOD-002', 'warning', x.node.value.start, x.node.value.end, tr`${x.key} = ${x.value}: not a protocol SSL_CONF knows (${protocols.join(', ')}). OpenSSL loads the file, but setting up a TLS connection with [${c.value}] fails.`);
            }
          }
        }
        break;
      }
      case 'engines':
        for (const x of s.entries) {
          if (x.failed) continue;
          const es = section(x, tr`engine section error: there is no section for engine ${x.key}`);
          if (!es || !firstRead('engine', es)) continue;
          // eng_cnf.c: dynamic_path loads the shared object at once (init = 0 does not defer it).
          const dp = es.entries.find((e) => !e.failed && skipDot(e.key) === 'dynamic_path');
          if (dp && dp.value.startsWith('/') && config.fileExists?.(dp.value) === false) {
            onValue(dp, tr`engine ${x.key}: dynamic_path ${dp.value} does not exist on this machine, so the engine cannot be loaded (could not load the shared library)`);
          }
          const byId = engineById(x, es);
          const found = byId && !opensslEngines.has(byId.id) ? config.engine?.(byId.id) : undefined;
          if (byId && found && !found.installed) {
            const where = found.file ? tr`${found.file}, which does not exist on this machine` : tr`its engines directory (the one OPENSSL_ENGINES names), which has no ${byId.id}.so`;
            const why = tr`engine ${byId.id}: [${es.name}] gives no dynamic_path and OpenSSL has no engine '${byId.id}' built in, so its command ${byId.command} makes OpenSSL load ${where} (ENGINE_by_id: could not load the shared library)`;
            if (byId.at === x) onKey(x, why);
            else onValue(byId.at, why);
          }
        }
        break;
      case 'alg_section':
        for (const x of s.entries) {
          if (x.failed) continue;
          if (x.key === 'fips_mode') {
            // evp_cnf.c: the deprecated boolean (OpenSSL's test/fips-alt.cnf), fips=yes for every fetch when true.
            if (!isAsn1Bool(x.value)) onValue(x, tr`invalid boolean string: name=fips_mode, value=${x.value} (TRUE, true, Y, y, YES, yes, FALSE, false, N, n, NO or no)`);
            else if (boolValue(x.value) && !activatesFips() && x.local) {
              sink.add('MOD-002', 'warning', x.node.value.start, x.node.value.end, tr`fips_mode = ${x.value}: every algorithm must then come from a FIPS provider, and this file activates none; unless this machine's FIPS provider is activated elsewhere, keys and signatures fail (openssl req: "unsupported").`);
            }
          } else if (x.key !== 'default_properties') onKey(x, tr`alg_section: unknown option name=${x.key}, value=${x.value} (only default_properties and fips_mode)`);
          else if (!isPropertyQuery(x.value)) onValue(x, tr`default query parse error: '${x.value}' is not a property query (name=value, comma-separated)`);
          else if (/(^|,)\s*fips\s*(=\s*(yes|true|1))?\s*(,|$)/i.test(x.value) && !activatesFips() && x.local) {
            sink.add('MOD-002', 'warning', x.node.value.start, x.node.value.end, tr`default_properties = ${x.value}: every algorithm must then come from a FIPS provider, and this file activates none; unless this machine's FIPS provider is activated elsewhere, keys and signatures fail (openssl req: "unsupported").`);
          }
        }
        break;
      case 'random':
        for (const x of s.entries) if (!x.failed && !randomNames.has(x.key)) onKey(x, `unknown name in random section: name=${x.key} (random, cipher, digest, properties, seed, seed_properties)`);
        break;
      case 'stbl_section':
        for (const x of s.entries) {
          if (x.failed) continue;
          if (!objectByShortName(x.key) && !objectByLongName(x.key)) {
            onKey(x, tr`invalid string table value: name=${x.key} is not an object short or long name`);
            continue;
          }
          for (const item of x.value.split(',')) {
            const [field, ...rest] = item.trim().split(':');
            const v = rest.join(':');
            const ok =
              field === 'min' || field === 'max'
                ? /^[-+]?(0[xX][0-9A-Fa-f]+|[0-9]+)$/.test(v)
                : field === 'mask'
                  ? v.split('|').every((t) => maskTypes.has(t.trim().toUpperCase()))
                  : field === 'flags'
                    ? v === 'nomask' || v === 'none'
                    : false;
            if (!ok) {
              onValue(x, tr`invalid string table value: field=${field}, value=${v} (min:N, max:N, mask:<string types such as UTF8String|BMPString>, flags:nomask or none)`);
              break;
            }
          }
        }
        break;
      case 'oid_section':
        for (const x of s.entries) {
          if (x.failed) continue;
          const comma = x.value.lastIndexOf(',');
          const ln = comma >= 0 ? x.value.slice(0, comma).trim() : x.key;
          const oidText = (comma >= 0 ? x.value.slice(comma + 1) : x.value).trim();
          const r = readOid(oidText);
          if (!('arcs' in r)) {
            onValue(x, tr`adding object ${x.key}: '${oidText}' is not a dotted OID (${r.error})`);
            continue;
          }
          const known = objectByShortName(x.key) ?? objectByLongName(ln) ?? objectByOid(r.arcs.join('.'));
          if (known) onValue(x, tr`adding object ${x.key}: OBJ_create: oid exists — OpenSSL 3 already has ${known.short} (${known.long}${known.oid ? `, ${known.oid}` : ''})`);
        }
        break;
    }
  }
}

/**
 * provider_conf_params: a parameter whose value names a section is read as a
 * nested section, and reaching a section again on the way down fails. Returns,
 * for a provider's section, the entries that close such a cycle, each once over
 * all providers (two providers may share a section); every section is walked
 * once, so the check stays linear.
 */
function paramCycles(config: CnfModel['config']): (start: ConfSection) => ConfEntry[] {
  const done = new Set<string>();
  const reported = new Set<ConfEntry>();
  return (start) => {
    const out: ConfEntry[] = [];
    const onPath = new Set<string>([start.name]);
    const stack: { s: ConfSection; i: number }[] = [{ s: start, i: 0 }];
    if (done.has(start.name)) return out;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const e = top.s.entries[top.i++];
      if (!e) {
        stack.pop();
        onPath.delete(top.s.name);
        done.add(top.s.name);
        continue;
      }
      if (e.failed) continue;
      const next = config.sections.get(e.value);
      if (!next || done.has(next.name)) continue;
      if (onPath.has(next.name)) {
        if (!reported.has(e)) {
          reported.add(e);
          out.push(e);
        }
        continue;
      }
      onPath.add(next.name);
      stack.push({ s: next, i: 0 });
    }
    return out;
  };
}

/**
 * The engine eng_cnf.c int_engine_configure looks up by id: the first command of the engine's
 * section other than engine_id, soft_load and dynamic_path calls ENGINE_by_id with the name
 * (the key in the engines section, or the engine_id before it). None when dynamic_path comes
 * first (the engine is loaded from that file), soft_load does (a missing engine is skipped), or
 * no command needs the engine (a section with only engine_id loads nothing). `at`: the entry
 * that names it, where the cause is.
 */
function engineById(x: ConfEntry, es: ConfSection): { id: string; at: ConfEntry; command: string } | undefined {
  let at = x;
  for (const e of es.entries) {
    if (e.failed) return undefined;
    const name = skipDot(e.key);
    if (name === 'engine_id') at = e;
    else if (name === 'soft_load' || name === 'dynamic_path') return undefined;
    // An id from a variable is not quoted (it may come from the environment).
    else return at === x ? { id: x.key, at, command: e.key } : at.refs.length ? undefined : { id: at.value, at, command: e.key };
  }
  return undefined;
}

/** eng_cnf.c skip_dot: an engine command's name after its first dot (`1.dynamic_path`). */
function skipDot(key: string): string {
  const dot = key.indexOf('.');
  return dot < 0 ? key : key.slice(dot + 1);
}

/**
 * Whether a section OpenSSL's ssl module reads has nothing in it: '' when it is simply empty, the
 * reason when an `.include` in it was skipped (a missing absolute path). Undefined when it has
 * entries, or an include in it that this host did not or could not read (its content is unknown).
 * The top file's includes are listed by section in one walk, made on the first empty section.
 */
function emptySections(config: CnfModel['config']): (s: ConfSection) => string | undefined {
  let bySection: Map<string, Array<string | undefined>> | undefined;
  const includesBySection = (): Map<string, Array<string | undefined>> => {
    const out = new Map<string, Array<string | undefined>>();
    const byStart = new Map(config.includes.filter((i) => i.file === config.path).map((i) => [i.node.start, i]));
    let current = 'default';
    for (const st of config.doc.statements) {
      if (st.kind === 'section') current = st.name.value;
      else if (st.kind === 'include') {
        const inc = byStart.get(st.start);
        // The path of an include skipped for being missing; undefined for one whose content is unknown here.
        const skipped = inc && inc.status === 'missing' && inc.path?.startsWith('/') ? inc.path : undefined;
        let list = out.get(current);
        if (!list) out.set(current, (list = []));
        list.push(skipped);
      }
    }
    return out;
  };
  return (s) => {
    if (s.entryCount > 0) return undefined;
    if (!config.includes.length) return '';
    const skipped = (bySection ??= includesBySection()).get(s.name) ?? [];
    if (skipped.some((p) => p === undefined)) return undefined;
    return skipped.length ? tr` (its .include ${skipped.join(', ')} does not exist on this machine, and OpenSSL skips a missing include)` : '';
  };
}

/** ossl_parse_query's grammar, item by item: [-][?]name[(=|!=)value], comma-separated. */
function isPropertyQuery(q: string): boolean {
  if (q.trim() === '') return true;
  return q.split(',').every((item) => /^\s*-?\s*\??\s*[A-Za-z][A-Za-z0-9_.]*\s*(!?=\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.+-]+))?\s*$/.test(item));
}
