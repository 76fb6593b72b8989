import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NodeError } from '../../nodes/sdk';
import { mcpLaunch, type LaunchEnv } from './launch';

const bin = mkdtempSync(join(tmpdir(), 'pw-launch-bin-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

const base: LaunchEnv = { execPath: '/usr/bin/node24', path: '', platform: 'linux', cli: ['/opt/pipewright/out/main/cli.js'] };

describe('mcpLaunch', () => {
  it('under Node: the running Node, the CLI, the project and the data folder', () => {
    expect(mcpLaunch('/data', 'todo', base)).toEqual({
      command: '/usr/bin/node24',
      args: ['/opt/pipewright/out/main/cli.js', 'mcp', '--project', 'todo'],
      env: { PIPEWRIGHT_HOME: '/data' },
    });
  });

  it('in the desktop app: Node from PATH (the app cannot act as Node), or an error saying what is missing', () => {
    const electron = { ...base, electron: '45.4.1', execPath: '/opt/Pipewright/pipewright' };
    expect(() => mcpLaunch('/data', 'todo', electron)).toThrow(NodeError);
    expect(() => mcpLaunch('/data', 'todo', electron)).toThrow(/no node on your PATH/);
    writeFileSync(join(bin, 'node'), '#!/bin/sh\n');
    chmodSync(join(bin, 'node'), 0o755);
    expect(mcpLaunch('/data', 'todo', { ...electron, path: `/nowhere:${bin}` }).command).toBe(join(bin, 'node'));
    const packed = { ...electron, path: bin, cli: ['/opt/Pipewright/resources/app.asar/out/main/cli.js'] };
    expect(() => mcpLaunch('/data', 'todo', packed)).toThrow(/inside the app's archive/);
  });
});
