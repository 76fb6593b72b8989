import { describe, expect, it } from 'vitest';
import { litellmRouterDefinition } from './definition';

describe('litellm-router params', () => {
  it("keep the router's own retries (LiteLLM's num_retries): engine retries sit in the node's settings", () => {
    const field = litellmRouterDefinition.params.shape.retries;
    expect(field.description).toMatch(/LiteLLM retries a failed request/);
    expect(litellmRouterDefinition.params.parse({ masterKeySecret: 'LITELLM_KEY', retries: 5 }).retries).toBe(5);
    expect(litellmRouterDefinition.params.parse({ masterKeySecret: 'LITELLM_KEY' }).retries).toBe(2);
  });
});
