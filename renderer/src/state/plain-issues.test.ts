import { describe, expect, it } from 'vitest';
import { plainIssue, withArticle } from './plain-issues';

const names: Record<string, string> = { gen: 'Code generator', sh: 'Tests' };
const nameOf = (id: string) => names[id] ?? id;

describe('validation problems in plain words', () => {
  it('says what an unconnected input needs, from the port name', () => {
    const issue = plainIssue(
      {
        nodeId: 'gen',
        code: 'missing-input',
        message: 'node "gen" (code-generator): input "blueprint" (text) needs an edge; connect it or disable the node',
      },
      nameOf,
    );
    expect(issue.short).toBe('needs a blueprint');
    expect(issue.long).toBe('Code generator needs a blueprint: connect an output to its "blueprint" input, or disable the node');
    expect(issue.quietWhenFresh).toBe(true);
    expect(issue.long).not.toMatch(/edge|\(text\)/);
  });

  it('reads a labelled node and a two-word port name', () => {
    const issue = plainIssue(
      { nodeId: 'sh', code: 'missing-input', message: 'node "sh" ("Tests", shell): input "apiKey" (text) needs an edge; connect it or disable the node' },
      nameOf,
    );
    expect(issue.short).toBe('needs an api key');
    expect(withArticle('workspace')).toBe('a workspace');
    expect(withArticle('endpoint')).toBe('an endpoint');
  });

  it('names the field of a param that fails its schema, without the node prefix', () => {
    const issue = plainIssue(
      { nodeId: 'sh', field: 'command', code: 'invalid-param', message: 'node "sh" (shell): param "command": Too small: expected string to have >=1 characters; fix it in the inspector' },
      nameOf,
    );
    expect(issue.short).toBe('"command": Too small: expected string to have >=1 characters');
    expect(issue.long).toBe('Tests: "command": Too small: expected string to have >=1 characters; fix it in the inspector');
    expect(issue.quietWhenFresh).toBe(false);
  });

  it('keeps any other message, with the node named as the person sees it', () => {
    const issue = plainIssue({ nodeId: 'gen', code: 'cycle', message: 'node "gen" (code-generator): is part of a cycle: gen → sh → gen' }, nameOf);
    expect(issue.short).toBe('Is part of a cycle: gen → sh → gen');
    expect(issue.long).toBe('Code generator: is part of a cycle: gen → sh → gen');
  });

  it('says which connection joins ports of different types, by the names the person sees', () => {
    const issue = plainIssue(
      {
        nodeId: 'sh',
        edgeId: 'e1',
        code: 'incompatible-ports',
        message: 'edge "e1" (gen.report → sh.workspace): output "report" of node "gen" (code-generator) is report but input "workspace" of node "sh" ("Tests", shell) takes workspace',
      },
      nameOf,
    );
    expect(issue.long).toBe('Tests: its "workspace" input takes workspace, but Code generator\'s "report" gives report: delete that connection');
  });

  it('says an input has two connections', () => {
    const issue = plainIssue(
      { nodeId: 'sh', code: 'duplicate-input-edge', message: 'edge "e2" (a.text → sh.input): input "input" of node "sh" (shell) already has an edge; an input takes one edge, delete one of them' },
      nameOf,
    );
    expect(issue.short).toBe('its "input" input has more than one connection; an input takes one: delete the others');
  });
});
