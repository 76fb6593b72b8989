import { afterEach, describe, expect, it } from 'vitest';
import { createPty } from '../../main/adapters/pty/pty';
import { createTestRunContext, type TestRunContext } from '../test-context.test-support';
import { textDefinition } from './definition';
import { textRuntime } from './runtime';

let t: TestRunContext | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

async function run(params: unknown) {
  t = await createTestRunContext({ pty: createPty() });
  return textRuntime.run({ inputs: {}, params: textDefinition.params.parse(params), ctx: t.ctx });
}

describe('text node', () => {
  it('outputs the text exactly as written, every line and space kept', async () => {
    const text = 'Build a todo app.\n\n  - React front end\n  - SQLite storage\n';
    expect(await run({ text })).toEqual({ text });
  });

  it('outputs empty text when nothing was written', async () => {
    expect(await run({})).toEqual({ text: '' });
  });

  it('asks the inspector for a multi-line text editor with a description', () => {
    const field = textDefinition.params.shape.text;
    expect(field.meta()).toMatchObject({ editor: 'text' });
    expect(field.description).toMatch(/lines/);
    expect(textDefinition.outputs).toEqual([expect.objectContaining({ name: 'text', type: 'text' })]);
  });
});
