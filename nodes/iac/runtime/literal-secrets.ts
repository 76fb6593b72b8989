/**
 * What counts as a secret written out in a file (compose, manifests, Terraform): a value under a
 * name that holds a secret, or a password inside a URL. A reference (`${VAR}`, `$(VAR)`, `var.x`)
 * is never one: the value then lives where the file runs.
 */

/** Names that hold a secret: their value must come from a variable, never from the file. */
export const SECRET_NAME = /(password|passwd|secret|token|api_?key|private_?key)/i;

/** `POSTGRES_PASSWORD_FILE`, `JWT_SECRET_PATH`: these name where the secret is, not the secret. */
const POINTS_ELSEWHERE = /_(FILE|PATH|REF|NAME)$/i;

/** A value that is a reference resolved where the file runs, not a value. */
const REFERENCE = /^\s*(\$\{[^}]+\}|\$\([^)]+\)|\$[A-Za-z_]\w*)\s*$/;

/** `scheme://user:password@host`, where the password is written out. */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s@]+)@/i;

/** True when `value`, under the name `name`, is a secret written out. */
export function isLiteralSecret(name: string, value: unknown): boolean {
  if (typeof value !== 'string' || !value.trim() || REFERENCE.test(value)) return false;
  // A count or a switch (TOKEN_TTL: 3600, SECRET_ROTATION: true) holds no secret.
  if (/^\s*(\d+(\.\d+)?|true|false)\s*$/i.test(value)) return false;
  return SECRET_NAME.test(name) && !POINTS_ELSEWHERE.test(name);
}

/** True when `value` holds a URL whose password is written out (`postgresql://app:hunter2@db`). */
export function hasUrlPassword(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = URL_PASSWORD.exec(value);
  return Boolean(m && !/^(\$\{|\$\()/.test(m[1]));
}

export const LITERAL_SECRET_ADVICE = 'take it from a variable (${VAR} set in the environment or .env, a Kubernetes Secret reference, a sensitive Terraform variable), so no secret is in the files';
