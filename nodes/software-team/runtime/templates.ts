import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { NodeError } from '../../sdk';
import { resourcesFolder } from '../../sdk/node/resources';
import { agentTemplateSchema, type AgentTemplate } from '../agent-template';

/** The user's own templates: `agents/` in the data folder (PIPEWRIGHT_HOME, or ~/.pipewright). */
export function userAgentsDir(): string {
  return path.join(process.env.PIPEWRIGHT_HOME || path.join(os.homedir(), '.pipewright'), 'agents');
}

/** Reads and validates one template file; a bad one is refused naming the file and the field. */
export function parseTemplate(file: string, text: string): AgentTemplate {
  let raw: unknown;
  try {
    // Notepad and other Windows editors start a UTF-8 file with a byte order mark.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new NodeError(`agent template ${file} is not valid JSON: ${(err as Error).message}; fix the file or remove it`);
  }
  const parsed = agentTemplateSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  // An unknown key is reported on the object that holds it: name the key itself.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  const field = path.length ? path.map(String).join('.') : '(the whole file)';
  const message = issue.code === 'unrecognized_keys' ? `there is no such field (the fields are ${fieldsAt(issue.path)})` : issue.message;
  throw new NodeError(`agent template ${file}: field "${field}": ${message}; fix the file or remove it`);
}

/** The fields the template schema allows where an unknown key was found (the top or `model`). */
function fieldsAt(path: readonly PropertyKey[]): string {
  const shape = path[0] === 'model' ? agentTemplateSchema.shape.model.shape : agentTemplateSchema.shape;
  return Object.keys(shape).join(', ');
}

async function readFolder(dir: string, missingOk: boolean): Promise<Map<string, { template: AgentTemplate; file: string }>> {
  const found = new Map<string, { template: AgentTemplate; file: string }>();
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (err) {
    if (missingOk && (err as NodeJS.ErrnoException).code === 'ENOENT') return found;
    throw err;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new NodeError(`agent template ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); make it a JSON file or remove it`);
    }
    const template = parseTemplate(file, text);
    const other = found.get(template.role);
    if (other) throw new NodeError(`agent templates ${other.file} and ${file} both describe the role "${template.role}"; remove one`);
    found.set(template.role, { template, file });
  }
  return found;
}

/**
 * The templates of the roles that take part (the supervisor first, always): the user's template
 * of a role replaces the bundled one. Every template found is validated, the unused ones too,
 * so a broken file is reported the first time the team runs rather than when someone picks it.
 */
export async function loadTeam(roles: readonly string[], dirs = { bundled: resourcesFolder('agents'), user: userAgentsDir() }): Promise<AgentTemplate[]> {
  const [bundled, user] = await Promise.all([readFolder(dirs.bundled, false), readFolder(dirs.user, true)]);
  const wanted = [...new Set(roles.includes('supervisor') ? roles : ['supervisor', ...roles])];
  if (wanted.length < 2) throw new NodeError('param "roles": the supervisor needs at least one specialist to give tasks to, such as backend');
  return wanted.map((role) => {
    const found = user.get(role) ?? bundled.get(role);
    if (!found) {
      const known = [...new Set([...bundled.keys(), ...user.keys()])].sort();
      throw new NodeError(
        `param "roles": there is no agent template for "${role}"; the roles are ${known.join(', ')}, or add ${path.join(dirs.user, `${role}.json`)}`,
      );
    }
    return found.template;
  });
}
