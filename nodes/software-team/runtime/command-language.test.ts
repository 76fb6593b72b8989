import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandLanguage } from './command-language';

const workspace = mkdtempSync(join(tmpdir(), 'pw-command-language-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));
mkdirSync(join(workspace, 'backend'));
writeFileSync(join(workspace, 'backend', 'go.mod'), 'module shop\n');
mkdirSync(join(workspace, 'frontend'));
writeFileSync(join(workspace, 'frontend', 'package.json'), '{}');

describe('the sandbox of a command that names no language', () => {
  it("is the one whose tools the command calls", () => {
    expect(commandLanguage('cd backend && go test ./...', workspace)).toBe('go');
    expect(commandLanguage('cargo test --offline', workspace)).toBe('rust');
    expect(commandLanguage('cd api && mvn -B test', workspace)).toBe('java');
    expect(commandLanguage('python3 -m unittest -v', workspace)).toBe('python');
    expect(commandLanguage('cd frontend && npm test', workspace)).toBe('node');
  });

  it('is else the language of the folder it goes to, then of the workspace, then Node', () => {
    expect(commandLanguage('cd backend && make test', workspace)).toBe('go');
    expect(commandLanguage('cd "frontend" && ls', workspace)).toBe('node');
    expect(commandLanguage('ls -la', workspace)).toBe('node');
    // A folder outside the workspace says nothing about the project.
    expect(commandLanguage('cd ../../etc && ls', workspace)).toBe('node');
  });

  it('does not take ordinary words for tools', () => {
    expect(commandLanguage('echo "let us go to the shop"', workspace)).toBe('node');
    expect(commandLanguage('cat backend/cargo-notes.txt', workspace)).toBe('node');
  });
});
