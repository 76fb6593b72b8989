import type { PtyApi } from '../../sdk';
import { parseYamlDocuments } from '../../sdk/node/yaml';
import { lastLines } from '../../sdk/node/terminal-text';
import { readWorkspaceFileSync } from '../../sdk/node/workspace-file';
import { hasUrlPassword, isLiteralSecret, LITERAL_SECRET_ADVICE } from './literal-secrets';
import type { IacProblem } from './problem';

/** Debian's docker-compose (v1): its own `config` check is the one that counts. */
const COMPOSE = 'docker-compose';

/**
 * docker-compose names the field of a schema error (`services.app: 'portz'`,
 * `service.app.healthcheck.retries`) and the line of a YAML one; both become a field and a line.
 */
export function composeProblem(file: string, text: string, output: string): IacProblem {
  const clean = output.replace(/\r/g, '').trim();
  const message = clean
    .split('\n')
    .filter((l) => l && !/^You might be seeing|^For more on the Compose/.test(l))
    .slice(0, 4)
    .map((l) => l.replace(/^ERROR:\s*/, ''))
    .join(' ');
  const syntax = /line (\d+), column \d+/.exec(clean);
  if (syntax) return { file, line: Number(syntax[1]), message };
  const unsupported = /Unsupported config option for ([\w.-]+): '([\w.-]+)'/.exec(clean);
  const typed = /(?:^|\s)(services?\.[\w.-]+)/.exec(clean);
  // A top-level key compose does not know: "'servics' does not match any of the regexes: '^x-'".
  const topLevel = /'([\w.-]+)' does not match any of the regexes/.exec(clean);
  const dependsOn = /Service '([\w.-]+)' depends on service '([\w.-]+)' which is undefined/.exec(clean);
  const field = unsupported
    ? `${unsupported[1]}.${unsupported[2]}`
    : typed
      ? typed[1].replace(/^service\./, 'services.')
      : topLevel
        ? topLevel[1]
        : dependsOn
          ? `services.${dependsOn[1]}.depends_on.${dependsOn[2]}`
          : undefined;
  if (!field) return { file, ...(/Top level object/.test(clean) ? { line: 1 } : {}), message };
  const [doc] = parseYamlDocuments(text);
  const path = field.split('.');
  // depends_on may be a list (`- db`): then the line of the list is the nearest.
  const line = doc?.lineOf(path);
  return { file, line, field, message };
}

/**
 * Runs `docker-compose -f FILE config -q` in `dir`. Secrets the file requires get stand-in
 * values for the check only: the file itself never holds one.
 */
export async function checkCompose(
  pty: PtyApi,
  dir: string,
  file: string,
  secrets: string[],
  signal: AbortSignal,
): Promise<IacProblem | undefined> {
  const env: Record<string, string> = {};
  for (const name of secrets) env[name] = 'checked-by-pipewright';
  let output = '';
  const result = await pty.run({
    command: `${COMPOSE} -f '${file.replace(/'/g, `'\\''`)}' config -q`,
    cwd: dir,
    env,
    signal,
    onData: (chunk) => {
      output += chunk;
    },
  });
  if (result.exitCode === 0) return ownRules(file, readWorkspaceFileSync(dir, file) ?? '');
  if (result.exitCode === 127) {
    return {
      file,
      message: `${COMPOSE} is not installed, so ${file} could not be checked: install it (Debian and Ubuntu: apt-get install docker-compose) and run again`,
    };
  }
  return composeProblem(file, readWorkspaceFileSync(dir, file) ?? '', lastLines(output, 20));
}

type ServiceEnv = { environment?: Record<string, unknown> | unknown[] };

/**
 * What docker-compose v1's `config` lets through: a key given twice in one mapping (it keeps the
 * last, compose v2 refuses the file) and a secret written out in a service's environment.
 */
export function ownRules(file: string, text: string): IacProblem | undefined {
  const [doc] = parseYamlDocuments(text);
  if (!doc) return undefined;
  const error = doc.errors[0];
  if (error) return { file, line: error.line, message: `${error.message} (docker-compose v1 keeps the last value; compose v2 refuses the file)` };
  const services = ((doc.data as { services?: Record<string, ServiceEnv | null> } | null)?.services ?? {}) as Record<string, ServiceEnv | null>;
  for (const [name, service] of Object.entries(services)) {
    const env = service?.environment;
    const pairs: [string | number, string, unknown][] = Array.isArray(env)
      ? env.map((item, i) => {
          const [key, ...rest] = String(item).split('=');
          return [i, key, rest.length ? rest.join('=') : undefined];
        })
      : Object.entries(env ?? {}).map(([key, value]) => [key, key, value]);
    for (const [at, key, value] of pairs) {
      if (!isLiteralSecret(key, value) && !hasUrlPassword(value)) continue;
      return {
        file,
        line: doc.lineOf(['services', name, 'environment', at]),
        field: `services.${name}.environment.${key}`,
        message: `${key} is written as a literal value: ${LITERAL_SECRET_ADVICE}`,
      };
    }
  }
  return undefined;
}
