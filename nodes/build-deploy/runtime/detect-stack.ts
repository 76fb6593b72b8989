/** Moved to nodes/sdk/node: the iac node writes the same Dockerfiles. */
export * from '../../sdk/node/detect-stack';
