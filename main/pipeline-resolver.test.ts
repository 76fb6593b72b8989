import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../nodes/sdk';
import { openHost } from './host';
import { createPipelineResolver } from './pipeline-resolver';

let root: string;
let folder: string;

const SECRET_LINE = 'root:$6$Qx7secretsalt$Zk9hashhashhash:19700:0:99999:7:::';

function template(id: string, extra: Partial<Pipeline> = {}): string {
  return JSON.stringify({ format: FORMAT, id, name: id, nodes: [], edges: [], ...extra });
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pw-resolver-'));
  folder = join(root, 'templates');
  mkdirSync(join(folder, 'sub'), { recursive: true });
  writeFileSync(join(folder, 'sub', 'child.json'), template('child'));
  writeFileSync(join(root, 'outside.json'), template('outside'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function resolver(saved: Record<string, Pipeline> = {}) {
  return createPipelineResolver({ saved: (id) => saved[id] }, [folder]);
}

function errorOf(load: () => unknown): string {
  try {
    load();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the ref to be refused');
}

describe('sub-pipeline refs', () => {
  it('load a saved pipeline by id, or a template inside the template folder', () => {
    const saved = { format: FORMAT, id: 'kept', name: 'Kept', nodes: [], edges: [] } as Pipeline;
    const load = resolver({ kept: saved });
    expect(load('kept')).toBe(saved);
    expect(load('sub/child.json').id).toBe('child');
    expect(load('./sub/../sub/child.json').id).toBe('child');
  });

  it('refuse /dev/zero outright, and a link to it, without reading it', () => {
    const load = resolver();
    expect(errorOf(() => load('/dev/zero'))).toMatch(/"\/dev\/zero" refused: a template ref must be a path relative to the template's folder, not an absolute path/);
    symlinkSync('/dev/zero', join(folder, 'zero.json'));
    expect(errorOf(() => load('zero.json'))).toMatch(/zero\.json is a link to a place outside .*templates: a ref may name files inside the template's folder only/);
  });

  it('refuse a FIFO without waiting for a writer', () => {
    execFileSync('mkfifo', [join(folder, 'pipe.json')]);
    symlinkSync('pipe.json', join(folder, 'to-pipe.json'));
    const load = resolver();
    // A blocking open would hang here until the test times out.
    expect(errorOf(() => load('pipe.json'))).toMatch(/pipe\.json is not a regular file \(a device, a pipe, a socket or a folder\): a template must be a \.json file/);
    expect(errorOf(() => load('to-pipe.json'))).toMatch(/is not a regular file/);
  });

  it('never shows the content of a file of secrets in the error', () => {
    writeFileSync(join(folder, 'shadow'), `${SECRET_LINE}\n`);
    writeFileSync(join(folder, 'shadow.json'), `${SECRET_LINE}\n`);
    writeFileSync(join(folder, 'format.json'), JSON.stringify({ format: SECRET_LINE }));
    const load = resolver();
    const errors = [
      errorOf(() => load('shadow')),
      errorOf(() => load('shadow.json')),
      errorOf(() => load('format.json')),
      errorOf(() => load(join(folder, 'shadow'))),
    ];
    expect(errors[0]).toMatch(/pipeline "shadow" not found: no saved pipeline has that id, and a template file name ends in \.json/);
    expect(errors[1]).toMatch(/shadow\.json is not valid JSON: fix the file/);
    expect(errors[2]).toMatch(/format\.json is not a pipeline document: its "format" is missing or not one this Pipewright reads/);
    for (const message of errors) {
      expect(message).not.toContain('secretsalt');
      expect(message).not.toContain('root:');
    }
  });

  it('refuse a template file over 5 MiB before reading it', () => {
    const big = join(folder, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, 6 * 1024 * 1024);
    expect(errorOf(() => resolver()('big.json'))).toMatch(/big\.json is 6\.0 MiB or more, over the 5 MiB a template file may be/);
  });

  it('stay inside the template folder: no .., no link out', () => {
    const load = resolver();
    expect(errorOf(() => load('../outside.json'))).toMatch(/"\.\.\/outside\.json" refused: the path leads out of the template's folder/);
    expect(errorOf(() => load('sub/../../outside.json'))).toMatch(/leads out of the template's folder/);
    expect(errorOf(() => load(join(root, 'outside.json')))).toMatch(/not an absolute path/);
    symlinkSync(join(root, 'outside.json'), join(folder, 'link.json'));
    expect(errorOf(() => load('link.json'))).toMatch(/link\.json is a link to a place outside/);
    symlinkSync(root, join(folder, 'up'));
    expect(errorOf(() => load('up/outside.json'))).toMatch(/is a link to a place outside/);
  });

  it('refuse a template whose params are nested too deep, naming the node', () => {
    // Written as text: the value is deeper than JSON.stringify can go here.
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    writeFileSync(
      join(folder, 'deep.json'),
      `{"format":"${FORMAT}","id":"deep","name":"deep","edges":[],"nodes":[{"id":"in","kind":"pipeline-input","position":{"x":0,"y":0},"params":{"name":"x","default":${deep}}}]}`,
    );
    expect(errorOf(() => resolver()('deep.json'))).toMatch(/deep\.json: node "in": param "default\.0\.0\.0\.0… \(64 levels\)" is nested more than 64 levels deep/);
  });

  it('reach a validating host as issues on the node, and only beside the template, not in the working folder', () => {
    const home = join(root, 'home');
    execFileSync('mkfifo', [join(folder, 'fifo.json')]);
    const host = openHost({ home, templateDirs: [folder] });
    try {
      const doc: Pipeline = {
        format: FORMAT,
        id: 'outer',
        name: 'Outer',
        nodes: [
          { id: 'fifo', kind: 'pipeline', params: { ref: 'fifo.json' }, position: { x: 0, y: 0 } },
          { id: 'zero', kind: 'pipeline', params: { ref: '/dev/zero' }, position: { x: 0, y: 0 } },
          { id: 'pkg', kind: 'pipeline', params: { ref: 'package.json' }, position: { x: 0, y: 0 } },
          { id: 'ok', kind: 'pipeline', params: { ref: 'sub/child.json' }, position: { x: 0, y: 0 } },
        ],
        edges: [],
      };
      const issues = host.engine.validate(doc);
      expect(issues.map((i) => [i.nodeId, i.code])).toEqual([
        ['fifo', 'subpipeline-unavailable'],
        ['zero', 'subpipeline-unavailable'],
        ['pkg', 'subpipeline-unavailable'],
      ]);
      // process.cwd() holds Pipewright's own package.json: a ref must not reach it.
      expect(issues[2].message).toMatch(/pipeline "package\.json" not found/);
    } finally {
      host.close();
    }
  });
});
