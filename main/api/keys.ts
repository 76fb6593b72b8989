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

/**
 * Whether pipeline `id` came from an imported file whose review (what it runs, shown before its
 * first run) nobody has confirmed yet. The editor shows the review on Run; programs (the HTTP
 * API, MCP tools) cannot, so they may not run it until someone has.
 */
export function awaitsReview(settings: { get(key: string): unknown }, id: string): boolean {
  return settings.get(pipelineKeys.review(id)) !== undefined;
}
