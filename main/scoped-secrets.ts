import { NodeError, type CapabilityScope, type SecretsApi } from '../nodes/sdk';
import type { SecretStore } from './store';

/** ctx.secrets: values by name for the node that asks, with errors that name the node and the secret. */
export function scopedSecrets(secrets: SecretStore, scope: Pick<CapabilityScope, 'nodeId'>): SecretsApi {
  return {
    async get(name) {
      const value = secrets.get(name);
      if (value === undefined) {
        throw new NodeError(
          `node "${scope.nodeId}" needs the secret "${name}", which is not set: set it with pipewright secret set ${name} (or in Settings → Secrets)`,
        );
      }
      return value;
    },
    async has(name) {
      return secrets.has(name);
    },
    async set(name, value) {
      secrets.set(name, value);
    },
  };
}
