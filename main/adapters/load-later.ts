import { createRequire } from 'node:module';

const load = createRequire(__filename);

/**
 * A package loaded on first use instead of when the module naming it is: dockerode (with its
 * ssh and gRPC dependencies), openai, simple-git and tar-fs take 20–150 ms each to load, which
 * every command paid whether it touched Docker, a model or git or not. Only the adapter that
 * is the package's door calls this; its types still come from `import type`.
 */
export function loadLater<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load(name) as T);
}
