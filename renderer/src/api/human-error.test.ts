import { describe, expect, it } from 'vitest';
import { humanMessage } from './human-error';

describe('errors in plain words', () => {
  it('drops the name of the call main failed in, and keeps what it said', () => {
    expect(humanMessage('runs.start: there is no project "nope"')).toBe('there is no project "nope"');
    expect(humanMessage('pipeline.open: the pipeline was deleted')).toBe('the pipeline was deleted');
  });

  it('keeps a file name or a node name that looks like a prefix', () => {
    expect(humanMessage('broken.json: invalid JSON at line 1')).toBe('broken.json: invalid JSON at line 1');
    expect(humanMessage('node "a" (shell): command exited with code 1')).toBe('node "a" (shell): command exited with code 1');
  });

  it('keeps what the schema said about a refused request, in words without "contract"', () => {
    const text = humanMessage('projects.rename: the request does not match the contract: name: Too small: expected string to have >=1 characters');
    expect(text).toBe('Pipewright refused this request (name: Too small: expected string to have >=1 characters); if it keeps happening, reload the page');
  });

  it('puts a timeout in seconds and names the setting to change', () => {
    expect(humanMessage('timed out after 5000 ms; raise timeoutMs if it needs longer')).toBe(
      "took longer than its timeout (5 s); raise the node's timeout if it needs longer",
    );
  });

  it('does not call an internal failure an "engine error"', () => {
    expect(humanMessage('engine error: boom')).toMatch(/^Pipewright could not run this step .*: boom$/);
  });

  it('says what each node of a refused run needs, in the words of the canvas', () => {
    const text = humanMessage(
      'runs.start: the pipeline cannot run: 2 problems to fix first\n' +
        '  - node "gen" (code-generator): input "blueprint" (text) needs an edge; connect it or disable the node\n' +
        '  - node "deploy" ("Ship it", build-deploy): input "workspace" (workspace) needs an edge; connect it or disable the node',
    );
    expect(text).toBe(
      'the pipeline cannot run: 2 problems to fix first\n' +
        '  - gen needs a blueprint: connect an output to its "blueprint" input, or disable the node\n' +
        '  - Ship it needs a workspace: connect an output to its "workspace" input, or disable the node',
    );
  });
});
