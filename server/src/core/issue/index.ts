/**
 * Issuing core: CA creation, node/client certificates, revocation, CRLs,
 * renewal. Pure: every operation returns a WritePlan (files with modes) plus
 * equivalent openssl commands; front ends (CLI: node/writePlan.ts; editor:
 * client via workspace.fs) execute the plan.
 */
export * from './types';
export { profiles, profileLayout, nodeFiles, clientFiles, operationProfile, type Profile } from './profiles';
export { LAYOUT_FILE, checkLayout, formatLayoutFile, leafFiles, parseLayoutFile } from './layout';
export { createCa, createIntermediate, chainAfterIssuer, parentCrlPath, issueNode, issueClient, revoke, publishCrl, renew, equivalentOpensslCommands, type KeySource, DEFAULT_LEAF_DAYS, DEFAULT_CRL_DAYS } from './operations';
export { DEFAULT_CA_DAYS } from './suggested';
export { parseSans, checkDnValue, checkFileName, isDnsName, isIpv4, isIpv6 } from './validate';
export { parseIndex, formatIndex, opensslTime, normalizeSerial, type IndexEntry } from './state';
export { caConfig } from './openssl';
export { runIssueOperation, runIssueBatch, type IssueBatchResult } from './run';
