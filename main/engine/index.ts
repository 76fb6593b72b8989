export { Engine, PreparedRun } from './engine';
export { ValidationError, describeNode, type ValidationIssue, type ValidationCode } from './errors';
export type { RunHandle, RunSummary, NodeSummary } from './run-result';
export { hashTree } from './fingerprint';
export { canonicalJson, cacheKey } from './cache-key';
export * from './events';
export * from './types';
