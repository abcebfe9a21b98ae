/**
 * TLS doctor (pure): recognise a TLS error message, explain it against the
 * workspace's certificates and configs, and judge a probed handshake.
 *
 *   const inv = buildInventory(files);             // files: { path, bytes, mode }
 *   const result = explain(logText, inv, now);     // every recognised message, explained
 *   renderExplanationText(result)
 */
export { catalog, type CatalogEntry, type Cause, type Program } from './catalog';
export { recognise, maxExplainChars, type Recognised, type MessageFacts } from './recognise';
export { buildInventory, type Inventory, type WorkspaceFile } from './inventory';
export { withSignatureChecks } from './signatures';
export { explain, certName, type Explanation, type ExplainResult, type Fact, type Fix } from './explain';
export { renderExplanationText, renderExplanationMarkdown } from './render';
export { judgeProbe, type ProbeClientCert, type ProbeObservation, type ProbeVerdict, type ProbeCheck } from './probeVerdict';
