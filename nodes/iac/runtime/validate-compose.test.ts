import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPty } from '../../../main/adapters/pty/pty';
import { describeProblem } from './problem';
import { checkCompose } from './validate-compose';

// docker-compose's own `config` on broken files, each refusal placed at a line and a field.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-compose-check-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const BASE = 'services:\n  app:\n    image: shop\n    depends_on:\n      - db\n  db:\n    image: postgres\n';

async function problem(text: string): Promise<string | undefined> {
  await writeFile(join(dir, 'compose.yaml'), text);
  const found = await checkCompose(createPty(), dir, 'compose.yaml', [], new AbortController().signal);
  return found && describeProblem(found);
}

describe('compose checks (docker-compose config)', () => {
  it('passes a valid file', async () => {
    expect(await problem(BASE)).toBeUndefined();
  });

  it('names the line and field of a top-level key compose does not know', async () => {
    expect(await problem(`version: "3.8"\n${BASE.replace('services:', 'servics:')}`)).toMatch(/^compose\.yaml, line 2, field servics: .*'servics' does not match/);
  });

  it('names the line and field of a dependency on a service the file lacks', async () => {
    expect(await problem(BASE.replace('      - db', '      - dbx'))).toMatch(/^compose\.yaml, line 4, field services\.app\.depends_on\.dbx: Service 'app' depends on service 'dbx' which is undefined/);
  });

  it('names line 1 of an empty file, without compose\'s ERROR: prefix', async () => {
    const found = await problem('# nothing yet\n');
    expect(found).toMatch(/^compose\.yaml, line 1: Top level object/);
    expect(found).not.toContain('ERROR:');
  });
});
