/**
 * The Simplified Chinese of the openssl.cnf reference docs (server/l10n/docs.zh-cn.json),
 * a module of its own so that the build puts it in a chunk loaded on the first Chinese
 * hover or completion (server/src/l10n.ts), never at start-up or for English.
 */
import type { Catalogue } from './core/l10n';
import zh from '../l10n/docs.zh-cn.json';

export const cnfDocsZhCn: Catalogue = zh;
