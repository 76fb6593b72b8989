/**
 * Secret values by name. Only runtimes that must hand a value to a process or a request read
 * one; values never go into logs, errors, events or outputs.
 */
export interface SecretsApi {
  /** The value of the secret `name`; throws a clear error naming it when it is not set. */
  get(name: string): Promise<string>;
  has(name: string): Promise<boolean>;
}
