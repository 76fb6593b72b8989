import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { NodeError, canonicalJson, type EndpointValue, type RunContext, type WorkspaceValue } from '../../sdk';
import type { VscodeAssistant } from '../definition';

/** Each assistant's extension on Open VSX. */
export const ASSISTANT_EXTENSIONS: Record<Exclude<VscodeAssistant, 'none'>, { id: string; names: string[] }> = {
  continue: { id: 'Continue.continue', names: ['continue'] },
  'kilo-code': { id: 'kilocode.kilo-code', names: ['kilo-code', 'kilocode'] },
};

export interface Extension {
  /** As the person wrote it: an Open VSX id or a path. */
  spec: string;
  /** For a .vsix: its absolute path on this machine. */
  vsix?: string;
}

export interface Prepared {
  workspace: string;
  endpoint?: EndpointValue;
  /** Never logged, never in outputs. */
  apiKey?: string;
  blueprint?: string;
  extensions: Extension[];
  /** What the extensions are, content included for .vsix files: part of the configuration hash. */
  extensionFingerprint: string[];
}

export interface PrepareParams {
  assistant: VscodeAssistant;
  extensions?: string[];
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** A short hash of a configuration; secrets go in only as their own hashes. */
export function configHash(config: unknown): string {
  return sha256(canonicalJson(config)).slice(0, 16);
}

export function secretFingerprint(value: string | undefined): string | undefined {
  return value === undefined ? undefined : sha256(`pipewright-secret\0${value}`);
}

/** Whether the person's own extensions already bring the assistant (by id, or a .vsix named for it). */
function bringsAssistant(extensions: Extension[], assistant: Exclude<VscodeAssistant, 'none'>): boolean {
  const { id, names } = ASSISTANT_EXTENSIONS[assistant];
  return extensions.some((e) => {
    if (!e.vsix) return e.spec.split('@')[0].toLowerCase() === id.toLowerCase();
    const file = e.vsix.split(/[\\/]/).pop()!.toLowerCase();
    return [id.toLowerCase(), ...names].some((n) => file.startsWith(`${n}-`) || file.startsWith(`${n}.`));
  });
}

async function resolveExtensions(specs: string[], workspace: string): Promise<Extension[]> {
  const out: Extension[] = [];
  for (const spec of specs) {
    if (!spec.toLowerCase().endsWith('.vsix')) {
      out.push({ spec });
      continue;
    }
    const path = isAbsolute(spec) ? spec : resolve(workspace, spec);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) {
      throw new NodeError(
        `param "extensions": ${spec} is not a file${isAbsolute(spec) ? '' : ` (relative paths start at the workspace, ${workspace})`}; give the path of a .vsix on this machine, or an Open VSX id such as publisher.name`,
      );
    }
    out.push({ spec, vsix: path });
  }
  return out;
}

/** Checks the inputs and gathers what both runtimes need, the key read from the secret store. */
export async function prepare(ctx: RunContext, inputs: Record<string, unknown>, params: PrepareParams): Promise<Prepared> {
  const workspace = (inputs.workspace as WorkspaceValue | undefined)?.path;
  if (!workspace) throw new NodeError('input "workspace" is not connected: connect the folder to open in VS Code');
  const info = await stat(workspace).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new NodeError(`input "workspace": ${workspace} is not a folder (was it removed?); run the node that makes it again`);
  }
  const endpoint = inputs.endpoint as EndpointValue | undefined;
  const apiKey = endpoint?.apiKeySecret ? await ctx.secrets.get(endpoint.apiKeySecret) : undefined;
  const blueprint = typeof inputs.blueprint === 'string' && inputs.blueprint.trim() ? inputs.blueprint : undefined;

  const own = await resolveExtensions(params.extensions ?? [], workspace);
  const extensions =
    params.assistant !== 'none' && !bringsAssistant(own, params.assistant)
      ? [{ spec: ASSISTANT_EXTENSIONS[params.assistant].id }, ...own]
      : own;
  const extensionFingerprint = await Promise.all(
    extensions.map(async (e) => (e.vsix ? `${e.spec}#${sha256(await readFile(e.vsix))}` : e.spec)),
  );
  return { workspace, endpoint, apiKey, blueprint, extensions, extensionFingerprint };
}

/**
 * Everything that shapes the server whichever runtime runs it. The blueprint is not in it: its
 * files sit in the workspace, rewritten on every run, and the assistants read them from there.
 */
export function sharedConfig(prepared: Prepared, params: PrepareParams & { port?: number; keep: boolean }): Record<string, unknown> {
  return {
    workspace: prepared.workspace,
    assistant: params.assistant,
    endpoint: prepared.endpoint,
    key: secretFingerprint(prepared.apiKey),
    extensions: prepared.extensionFingerprint,
    port: params.port,
    keep: params.keep,
  };
}
