import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definitionsByKind } from '../../../nodes/definitions';
import { defineNode, flag } from '../../../nodes/sdk';
import { fieldsOf } from './schema-fields';

const field = (kind: string, key: string) => fieldsOf(definitionsByKind.get(kind)!).find((f) => f.key === key);

describe('the inspector form reads what a param is from its flag', () => {
  it('offers the secret picker for every param flagged as a secret name', () => {
    expect(field('llm-endpoint', 'apiKeySecret')?.kind).toBe('secret');
    expect(field('vllm-server', 'hfTokenSecret')?.kind).toBe('secret');
    expect(field('git-repo', 'tokenSecret')?.kind).toBe('secret');
    expect(field('litellm-router', 'masterKeySecret')?.kind).toBe('secret');
  });

  it('edits commands as shell in Monaco, the code generator\'s verify command included', () => {
    expect(field('shell', 'command')).toMatchObject({ kind: 'code', language: 'shell' });
    expect(field('code-generator', 'verifyCommand')).toMatchObject({ kind: 'code', language: 'shell' });
  });

  it('does the same for a kind it has never seen, whatever its params are called', () => {
    const def = defineNode({
      kind: 'deploy-hook',
      version: 1,
      title: 'Deploy hook',
      category: 'Test',
      description: 'A kind made up for this test',
      icon: '🪝',
      inputs: [],
      outputs: [],
      params: z.object({
        onDeploy: z.string().optional().meta(flag({ role: 'command' })),
        credentials: z.string().optional().meta(flag({ role: 'secret' })),
        secretive: z.string().optional(),
      }),
    });
    expect(fieldsOf(def).map((f) => [f.key, f.kind])).toEqual([
      ['onDeploy', 'code'],
      ['credentials', 'secret'],
      ['secretive', 'string'],
    ]);
  });
});
