/**
 * Content sniffing the client shares with the server and the CLI: which
 * language a document is by its content (a my.cnf is not an openssl.cnf). A
 * pure function of the text, so the client runs the core's own copy instead of
 * asking the server for every opened file.
 */
export { isMysqlOptionFile, sniffConfig, type ConfigKind, type Sniffed } from '../core/cnf/sniff';
/** Whether a file's bytes are one DER object (a binary `.cer` rather than PEM text). */
export { looksLikeDer } from '../core/pem/decode';
