import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definitions } from './definitions';
import { paramFlags, type ParamFlag, type ParamRole } from './sdk';

// The import review and the inspector know what a param is only from its flag. This guard reads
// every kind's params the way a reviewer would (by name and description) and fails when one that
// looks like a command, image, model download, endpoint, secret, port, environment or download
// carries no flag, so a kind added later cannot slip past the review by forgetting one.

interface Looks {
  role: ParamRole;
  test(key: string, description: string): boolean;
}

const LOOKS: Looks[] = [
  { role: 'secret', test: (key) => /secret/i.test(key) && !/variable/i.test(key) },
  { role: 'command', test: (key, d) => /command$/i.test(key) || /\bcommands? to run\b/i.test(d) },
  { role: 'image', test: (key, d) => /(^|[a-z])image$/i.test(key) || /^the [\w-]+ image\b/i.test(d) },
  { role: 'port', test: (key) => /(^|[a-z])port$/i.test(key) },
  { role: 'url', test: (key, d) => /(url|remote)$/i.test(key) || /\b(https?|ssh) url\b/i.test(d) },
  { role: 'model-download', test: (key, d) => /^model$/i.test(key) && /\b(pull|hugging face|download)/i.test(d) },
  { role: 'environment', test: (key, d) => /^env(ironment)?$/i.test(key) || /^environment variables\b/i.test(d) },
  { role: 'download', test: (key, d) => /extensions?$/i.test(key) || /\bopen vsx\b/i.test(d) },
];

/**
 * Params that look like one of the above but are not, each with the reason. Adding to this list
 * is a decision a reviewer sees in the diff.
 */
const NOT_FLAGGED: Record<string, string> = {
  'llm-endpoint.model': 'the model asked of a server that already has it: nothing is downloaded',
  'compose-deploy.secretVariable': 'the name of a compose variable, not of a secret',
};

function described(def: (typeof definitions)[number]): { key: string; description: string }[] {
  const schema = z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }> };
  return Object.entries(schema.properties ?? {}).map(([key, p]) => ({ key, description: p.description ?? '' }));
}

describe('param flags', () => {
  it('are on every param of every kind that is a command, image, model download, endpoint, secret, port, environment or download', () => {
    const missing: string[] = [];
    for (const def of definitions) {
      const flags = paramFlags(def);
      for (const { key, description } of described(def)) {
        const id = `${def.kind}.${key}`;
        if (id in NOT_FLAGGED) continue;
        for (const looks of LOOKS) {
          if (looks.test(key, description) && flags[key]?.role !== looks.role) {
            missing.push(`${id} looks like a ${looks.role} param but is flagged ${JSON.stringify(flags[key] ?? null)}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('catch a kind that forgets one (the guard itself can fail)', () => {
    const forgetful = { kind: 'forgetful', params: z.object({ startCommand: z.string(), tokenSecret: z.string(), image: z.string().describe('The app image') }) };
    const flags: Record<string, ParamFlag> = paramFlags(forgetful);
    const caught = described(forgetful as never).flatMap(({ key, description }) =>
      LOOKS.filter((l) => l.test(key, description) && flags[key]?.role !== l.role).map((l) => `${key}:${l.role}`),
    );
    expect(caught).toEqual(['startCommand:command', 'tokenSecret:secret', 'image:image']);
  });

  it('say which unsandboxed steps and model needs a value brings, for enums, switches and free text alike', () => {
    const byKind = (kind: string) => paramFlags(definitions.find((d) => d.kind === kind)!);
    expect(byKind('vllm-server').hostIpc.unsandboxed).toMatchObject({ true: expect.stringMatching(/IPC namespace/) });
    expect(byKind('code-generator').mode.needsModel).toEqual(['agent', 'single-shot']);
    expect(byKind('software-team').mode.needsModel).toEqual(['model']);
  });
});
