import type { EndpointValue, RunContext } from '../../sdk';
import type { IacPlan } from './plan';

/** What the model answers: only the files it changed, whole. */
const SCHEMA = {
  name: 'iac_files',
  schema: {
    type: 'object',
    properties: {
      files: {
        type: 'array',
        items: {
          type: 'object',
          properties: { path: { type: 'string' }, content: { type: 'string' } },
          required: ['path', 'content'],
          additionalProperties: false,
        },
      },
    },
    required: ['files'],
    additionalProperties: false,
  },
};

const SYSTEM = [
  'You are a DevOps engineer reviewing infrastructure files written for one application: a compose file, Terraform and Kubernetes manifests.',
  'Answer with JSON {"files": [{"path", "content"}]} holding only the files you change, each whole; an empty list when nothing needs changing.',
  'Keep every path as given (no new files), keep the first comment line of each file, never write a secret value (passwords come from variables and Secret references),',
  'keep ports published on 127.0.0.1 and provider versions pinned. Every file you return is validated (docker-compose config, HCL, Kubernetes schemas) before it is used.',
].join(' ');

/**
 * Asks the model to refine the offline files; returns the changed ones (paths it was given only)
 * and the paths it answered that were not among them.
 */
export async function refineFiles(
  ctx: RunContext,
  endpoint: EndpointValue,
  plan: IacPlan,
  instructions: string,
  files: Record<string, string>,
): Promise<{ changed: Record<string, string>; ignored: string[] }> {
  const user = [
    `The app: ${plan.name}, ${plan.language}, listening on ${plan.port}, health on ${plan.healthPath}, services: ${plan.services.join(', ') || 'none'}.`,
    `What to do: ${instructions}`,
    'The files:',
    JSON.stringify(Object.entries(files).map(([path, content]) => ({ path, content }))),
  ].join('\n\n');
  const answer = await ctx.llm.chat({
    endpoint,
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: user },
    ],
    jsonSchema: SCHEMA,
    temperature: 0,
  });
  let parsed: { files?: { path?: unknown; content?: unknown }[] };
  try {
    parsed = JSON.parse(answer.content) as typeof parsed;
  } catch {
    ctx.log('the model did not answer with JSON: the offline files are used as they are\n', 'info');
    return { changed: {}, ignored: [] };
  }
  const changed: Record<string, string> = {};
  const ignored: string[] = [];
  for (const f of parsed.files ?? []) {
    if (typeof f.path !== 'string' || typeof f.content !== 'string') continue;
    if (Object.hasOwn(files, f.path)) {
      if (f.content !== files[f.path]) changed[f.path] = f.content;
    } else ignored.push(f.path);
  }
  return { changed, ignored };
}
