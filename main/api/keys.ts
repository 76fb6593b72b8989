/**
 * Per-pipeline UI state kept in the settings table. Named here once so saving, reading and
 * deleting a project agree on the keys.
 */
export const pipelineKeys = {
  /** Comments and groups of earlier builds; moved into the document when the API starts. */
  annotations: (pipelineId: string) => `pipeline.annotations:${pipelineId}`,
  review: (pipelineId: string) => `pipeline.review:${pipelineId}`,
};

export function allPipelineKeys(pipelineId: string): string[] {
  return Object.values(pipelineKeys).map((key) => key(pipelineId));
}
