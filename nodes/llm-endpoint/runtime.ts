import { defineRuntime, NodeError, type EndpointValue } from '../sdk';
import { llmEndpointDefinition } from './definition';

export const llmEndpointRuntime = defineRuntime(llmEndpointDefinition, async ({ params, ctx }) => {
  // A missing key is caught here, where the person set it up, rather than in the first node
  // that calls the model.
  if (params.apiKeySecret && !(await ctx.secrets.has(params.apiKeySecret))) {
    throw new NodeError(
      `param "apiKeySecret": the secret "${params.apiKeySecret}" is not set: set it with pipewright secret set ${params.apiKeySecret} (or in Settings → Secrets), or clear the field for a server without a key`,
    );
  }
  const endpoint: EndpointValue = {
    baseUrl: params.baseUrl.replace(/\/+$/, ''),
    model: params.model,
    ...(params.apiKeySecret ? { apiKeySecret: params.apiKeySecret } : {}),
  };
  return { endpoint };
});
