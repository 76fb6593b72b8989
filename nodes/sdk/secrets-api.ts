/**
 * Secret values by name. Only runtimes that must hand a value to a process or a request read
 * one; values never go into logs, errors, events or outputs.
 */
export interface SecretsApi {
  /** The value of the secret `name`; throws a clear error naming it when it is not set. */
  get(name: string): Promise<string>;
  has(name: string): Promise<boolean>;
  /** Stores a secret the node made itself (a generated password), encrypted like any other. */
  set(name: string, value: string): Promise<void>;
}

/**
 * What a secret may be called: a word that also works as an environment variable name or a
 * file name. Pipelines and templates carry these names, never the values.
 */
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;
export const SECRET_NAME_RULE = 'letters, digits, _ . and -, starting with a letter or _ (at most 128)';
