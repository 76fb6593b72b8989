import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resourcesFolder } from '../../sdk/node/resources';
import { agentTemplateSchema } from '../agent-template';
import { owns } from './agent';

const template = (role: string) => agentTemplateSchema.parse(JSON.parse(readFileSync(join(resourcesFolder('agents'), `${role}.json`), 'utf8')));

describe("an agent's files", () => {
  it('include the dotfiles under its folders (a backend writes backend/.gitignore)', () => {
    const backend = template('backend');
    for (const file of ['backend/.gitignore', 'backend/.env.example', 'backend/.mvn/wrapper/maven-wrapper.properties', 'backend/src/app.js']) {
      expect(owns(backend, file), file).toBe(true);
    }
    expect(owns(template('frontend'), 'frontend/.eslintrc.json')).toBe(true);
    expect(owns(template('devops'), '.dockerignore')).toBe(true);
  });

  it("are not another role's, nor anything outside the workspace", () => {
    const backend = template('backend');
    for (const file of ['frontend/index.html', '.gitignore', 'backend', '../backend/x.js', '/backend/x.js', '/etc/passwd']) {
      expect(owns(backend, file), file).toBe(false);
    }
    expect(owns(template('tester'), '/backend/test/x.test.js')).toBe(false);
    expect(owns(template('devops'), 'backend/.dockerignore')).toBe(false);
  });
});
