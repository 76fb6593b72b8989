import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers, formatViolation } from './check-layers';

const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** Writes a small repository: file path → lines of source. */
function tree(files: Record<string, string[]>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'pipewright-layers-'));
  roots.push(root);
  for (const [rel, lines] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), lines.join('\n') + '\n');
  }
  return root;
}

/** `file:line: imports X` of every violation, the reason left out. */
function violations(files: Record<string, string[]>): string[] {
  return checkLayers(tree(files)).violations.map((v) => `${v.file}:${v.line}: imports ${v.specifier}`);
}

describe('nodes/sdk', () => {
  it('may import only itself and zod', () => {
    expect(
      violations({
        'nodes/sdk/ports.ts': [
          "import { z } from 'zod';",
          "import { FORMAT } from './document';",
          "import { readFileSync } from 'node:fs';",
          "import { join } from 'path';",
          "import { events } from '../../main/engine/events';",
          "import { thing } from 'some-library';",
        ],
        'nodes/sdk/document.ts': ['export const FORMAT = 1;'],
      }),
    ).toEqual([
      'nodes/sdk/ports.ts:3: imports node:fs',
      'nodes/sdk/ports.ts:4: imports path',
      'nodes/sdk/ports.ts:5: imports ../../main/engine/events',
      'nodes/sdk/ports.ts:6: imports some-library',
    ]);
  });
});

describe('nodes/sdk/node', () => {
  it('is Node-only SDK: built-ins and nodes/sdk in, runtimes and main only out', () => {
    expect(
      violations({
        'nodes/sdk/node/terminal-text.ts': [
          "import { stripVTControlCharacters } from 'node:util';",
          "import { NodeError } from '../run-context';",
          "import { other } from './other';",
          "import { z } from 'zod';",
          "import { engine } from '../../../main/engine/engine';",
        ],
        'nodes/sdk/node/other.ts': ['export const other = 1;'],
        'nodes/sdk/run-context.ts': ['export class NodeError {}'],
        'nodes/sdk/index.ts': ["export * from './node/terminal-text';"],
        'nodes/shell/definition.ts': ["import { lastLines } from '../sdk/node/terminal-text';"],
        'nodes/shell/runtime.ts': ["import { lastLines } from '../sdk/node/terminal-text';"],
        'nodes/shell/runtime/tail.ts': ["import { lastLines } from '../../sdk/node/terminal-text';"],
        'nodes/definitions.ts': ["import { lastLines } from './sdk/node/terminal-text';"],
        'main/adapters/docker/build.ts': ["import { lastLines } from '../../../nodes/sdk/node/terminal-text';"],
        'preload/contract.ts': ["import { lastLines } from '../nodes/sdk/node/terminal-text';"],
        'renderer/src/LogView.tsx': ["import { terminalText } from '../../nodes/sdk/node/terminal-text';"],
      }),
    ).toEqual([
      'nodes/definitions.ts:1: imports ./sdk/node/terminal-text',
      'nodes/sdk/index.ts:1: imports ./node/terminal-text',
      'nodes/sdk/node/terminal-text.ts:4: imports zod',
      'nodes/sdk/node/terminal-text.ts:5: imports ../../../main/engine/engine',
      'nodes/shell/definition.ts:1: imports ../sdk/node/terminal-text',
      'preload/contract.ts:1: imports ../nodes/sdk/node/terminal-text',
      'renderer/src/LogView.tsx:1: imports ../../nodes/sdk/node/terminal-text',
    ]);
  });
});

describe('the yaml library', () => {
  it('comes in through nodes/sdk/node/yaml.ts only', () => {
    expect(
      violations({
        'nodes/sdk/node/yaml.ts': ["import { Document } from 'yaml';"],
        'nodes/sdk/node/terminal-text.ts': ["import { stringify } from 'yaml';", "import { toYaml } from './yaml';"],
        'nodes/litellm-router/runtime/config.ts': ["import { stringify } from 'yaml';", "import { toYaml } from '../../sdk/node/yaml';"],
        'main/config.ts': ["import { parse } from 'yaml';"],
      }),
    ).toEqual([
      'main/config.ts:1: imports yaml',
      'nodes/litellm-router/runtime/config.ts:1: imports yaml',
      'nodes/sdk/node/terminal-text.ts:1: imports yaml',
    ]);
  });
});

describe('a node kind folder', () => {
  it('keeps definition.ts and other non-runtime files isomorphic', () => {
    expect(
      violations({
        'nodes/text/definition.ts': [
          "import { z } from 'zod';",
          "import { defineNode } from '../sdk';",
          "import { label } from './labels';",
          "import { spawn } from 'node:child_process';",
          "import React from 'react';",
          "import { app } from 'electron';",
          "import { textRuntime } from './runtime';",
          "import { shellDefinition } from '../shell/definition';",
        ],
        'nodes/text/labels.ts': ["import { readFile } from 'fs/promises';"],
      }),
    ).toEqual([
      'nodes/text/definition.ts:4: imports node:child_process',
      'nodes/text/definition.ts:5: imports react',
      'nodes/text/definition.ts:6: imports electron',
      'nodes/text/definition.ts:7: imports ./runtime',
      'nodes/text/definition.ts:8: imports ../shell/definition',
      'nodes/text/labels.ts:1: imports fs/promises',
    ]);
  });

  it('lets runtime.ts and runtime/ use Node and their own kind, never main, preload, renderer or electron', () => {
    expect(
      violations({
        'nodes/shell/runtime.ts': [
          "import { spawn } from 'node:child_process';",
          "import { join } from 'path';",
          "import { shellDefinition } from './definition';",
          "import { quote } from './runtime/quote';",
          "import { NodeError } from '../sdk';",
          "import { openPty } from '../../main/adapters/pty/pty';",
          "import { contract } from '../../preload/index';",
          "import { App } from '../../renderer/src/App';",
          "import { ipcMain } from 'electron';",
          "import { textRuntime } from '../text/runtime';",
        ],
        'nodes/shell/runtime/quote.ts': [
          "import { platform } from 'node:os';",
          "import { shellDefinition } from '../definition';",
          "import { spawn } from 'node-pty';",
        ],
      }),
    ).toEqual([
      'nodes/shell/runtime.ts:6: imports ../../main/adapters/pty/pty',
      'nodes/shell/runtime.ts:7: imports ../../preload/index',
      'nodes/shell/runtime.ts:8: imports ../../renderer/src/App',
      'nodes/shell/runtime.ts:9: imports electron',
      'nodes/shell/runtime.ts:10: imports ../text/runtime',
      'nodes/shell/runtime/quote.ts:3: imports node-pty',
    ]);
  });

  it('limits nodes/definitions.ts to definitions and nodes/runtimes.ts to runtimes', () => {
    expect(
      violations({
        'nodes/definitions.ts': [
          "import type { AnyDefinition } from './sdk';",
          "import { textDefinition } from './text/definition';",
          "import { textRuntime } from './text/runtime';",
          "import { readFileSync } from 'node:fs';",
        ],
        'nodes/runtimes.ts': [
          "import type { NodeRuntime } from './sdk';",
          "import { textRuntime } from './text/runtime';",
          "import { textDefinition } from './text/definition';",
          "import { createEngine } from '../main/engine/engine';",
        ],
      }),
    ).toEqual([
      'nodes/definitions.ts:3: imports ./text/runtime',
      'nodes/definitions.ts:4: imports node:fs',
      'nodes/runtimes.ts:3: imports ./text/definition',
      'nodes/runtimes.ts:4: imports ../main/engine/engine',
    ]);
  });
});

describe('preload', () => {
  it('keeps the contract to zod, nodes/sdk and nodes/definitions, and the bridge to electron and the contract', () => {
    expect(
      violations({
        'preload/contract.ts': [
          "import { z } from 'zod';",
          "import { PipelineSchema } from '../nodes/sdk';",
          "import { definitions } from '../nodes/definitions';",
          "import { homedir } from 'node:os';",
          "import { ipcRenderer } from 'electron';",
          "import { runs } from '../main/store/runs';",
        ],
        'preload/index.ts': [
          "import { contextBridge } from 'electron';",
          "import { contract } from './contract';",
          "import { z } from 'zod';",
          "import { runs } from '../main/store/runs';",
        ],
      }),
    ).toEqual([
      'preload/contract.ts:4: imports node:os',
      'preload/contract.ts:5: imports electron',
      'preload/contract.ts:6: imports ../main/store/runs',
      'preload/index.ts:3: imports zod',
      'preload/index.ts:4: imports ../main/store/runs',
    ]);
  });
});

describe('renderer', () => {
  it('never reaches main, Node, runtimes, electron or the preload script', () => {
    expect(
      violations({
        'renderer/src/App.tsx': [
          "import { useState } from 'react';",
          "import { definitions } from '../../nodes/definitions';",
          "import { contract } from '../../preload/contract';",
          "import { isCompatible } from '../../nodes/sdk';",
          "import { startRun } from '../../main/engine/run';",
          "import { readFileSync } from 'node:fs';",
          "import path from 'path';",
          "import { runtimes } from '../../nodes/runtimes';",
          "import { shellRuntime } from '../../nodes/shell/runtime';",
          "import { exec } from '../../nodes/shell/runtime/exec';",
          "import { ipcRenderer } from 'electron';",
          "import '../../preload/index';",
        ],
      }),
    ).toEqual([
      'renderer/src/App.tsx:5: imports ../../main/engine/run',
      'renderer/src/App.tsx:6: imports node:fs',
      'renderer/src/App.tsx:7: imports path',
      'renderer/src/App.tsx:8: imports ../../nodes/runtimes',
      'renderer/src/App.tsx:9: imports ../../nodes/shell/runtime',
      'renderer/src/App.tsx:10: imports ../../nodes/shell/runtime/exec',
      'renderer/src/App.tsx:11: imports electron',
      'renderer/src/App.tsx:12: imports ../../preload/index',
    ]);
  });

  it('sees dynamic import(), require() and export … from as imports', () => {
    expect(
      violations({
        'renderer/src/lazy.ts': [
          "export * from '../../main/engine/events';",
          'export async function load() {',
          "  return import('node:fs');",
          '}',
          "const cp = require('child_process');",
          'export { cp };',
        ],
      }),
    ).toEqual([
      'renderer/src/lazy.ts:1: imports ../../main/engine/events',
      'renderer/src/lazy.ts:3: imports node:fs',
      'renderer/src/lazy.ts:5: imports child_process',
    ]);
  });
});

describe('main', () => {
  it('never imports the renderer, and only main/electron imports electron', () => {
    expect(
      violations({
        'main/engine/engine.ts': [
          "import { definitions } from '../../nodes/definitions';",
          "import { runtimes } from '../../nodes/runtimes';",
          "import { contract } from '../../preload/contract';",
          "import { App } from '../../renderer/src/App';",
          "import { app } from 'electron';",
        ],
        'main/electron/window.ts': [
          "import { BrowserWindow } from 'electron';",
          "import { engine } from '../engine/engine';",
        ],
        'main/electron/ipc.ts': ["import { ipcMain } from 'electron/main';"],
      }),
    ).toEqual([
      'main/engine/engine.ts:4: imports ../../renderer/src/App',
      'main/engine/engine.ts:5: imports electron',
    ]);
  });
});

describe('library doors', () => {
  it('lets each outside library in through its adapter folder only', () => {
    expect(
      violations({
        'main/adapters/db/sqlite.ts': ["import Database from 'better-sqlite3';"],
        'main/adapters/pty/pty.ts': ["import { spawn } from '@lydell/node-pty';", "import pty from 'node-pty';"],
        'main/adapters/docker/docker.ts': ["import Docker from 'dockerode';"],
        'main/adapters/llm/client.ts': ["import OpenAI from 'openai';"],
        'main/adapters/git/git.ts': ["import { simpleGit } from 'simple-git';", "import git from 'isomorphic-git';"],
        'main/store/runs.ts': [
          "import Database from 'better-sqlite3';",
          "import { spawn } from '@lydell/node-pty';",
          "import Docker from 'dockerode';",
          "import OpenAI from 'openai';",
          "import { simpleGit } from 'simple-git';",
          "import git from 'isomorphic-git';",
          "import pty from 'node-pty';",
          "import { helper } from 'better-sqlite3/lib/util';",
        ],
        'main/adapters/pty/db.ts': ["import Database from 'better-sqlite3';"],
      }),
    ).toEqual([
      'main/adapters/pty/db.ts:1: imports better-sqlite3',
      'main/store/runs.ts:1: imports better-sqlite3',
      'main/store/runs.ts:2: imports @lydell/node-pty',
      'main/store/runs.ts:3: imports dockerode',
      'main/store/runs.ts:4: imports openai',
      'main/store/runs.ts:5: imports simple-git',
      'main/store/runs.ts:6: imports isomorphic-git',
      'main/store/runs.ts:7: imports node-pty',
      'main/store/runs.ts:8: imports better-sqlite3/lib/util',
    ]);
  });

  it('applies to tests too, while tests may otherwise import main from anywhere', () => {
    expect(
      violations({
        'main/adapters/db/sqlite.test.ts': ["import Database from 'better-sqlite3';"],
        'main/store/runs.test.ts': ["import Database from 'better-sqlite3';"],
        'nodes/shell/definition.ts': [],
        'nodes/shell/runtime.test.ts': [
          "import { openPty } from '../../main/adapters/pty/pty';",
          "import { mkdtempSync } from 'node:fs';",
          "import Docker from 'dockerode';",
        ],
        'renderer/src/App.test.tsx': ["import { createStore } from '../../main/store/store';"],
        'nodes/test-context.test-support.ts': [
          "import { openPty } from '../main/adapters/pty/pty';",
          "import { spawn } from '@lydell/node-pty';",
        ],
        'bench/run.ts': ["import { engine } from '../main/engine/engine';", "import { app } from 'electron';"],
      }),
    ).toEqual([
      'bench/run.ts:2: imports electron',
      'main/store/runs.test.ts:1: imports better-sqlite3',
      'nodes/shell/runtime.test.ts:3: imports dockerode',
      'nodes/test-context.test-support.ts:2: imports @lydell/node-pty',
    ]);
  });
});

describe('test support', () => {
  it('is loaded by tests, other test support, benchmarks and e2e only, never by production code', () => {
    expect(
      violations({
        'main/store/store.test-support.ts': ["import { openStore } from './store';"],
        'main/store/store.ts': ['export const openStore = 1;'],
        'main/store/runs.test.ts': ["import { tempStore } from './store.test-support';"],
        'nodes/test-context.test-support.ts': ["import { tempStore } from '../main/store/store.test-support';"],
        'bench/run.ts': ["import { tempStore } from '../main/store/store.test-support';"],
        'e2e/support/session.ts': ["import { tempStore } from '../../main/store/store.test-support';"],
        'main/engine/engine.ts': ["import { tempStore } from '../store/store.test-support';"],
        'nodes/shell/runtime.ts': ["import { createTestRunContext } from '../test-context.test-support';"],
        'renderer/src/App.tsx': ["import { createTestRunContext } from '../../nodes/test-context.test-support';"],
      }),
    ).toEqual([
      'main/engine/engine.ts:1: imports ../store/store.test-support',
      'nodes/shell/runtime.ts:1: imports ../test-context.test-support',
      'renderer/src/App.tsx:1: imports ../../nodes/test-context.test-support',
    ]);
  });
});

describe('a file in no known layer', () => {
  it('is a violation naming the file, whatever it imports; a test anywhere is a test', () => {
    const { violations: found } = checkLayers(
      tree({
        'nodes/helpers.ts': ["export const one = 1;"],
        'nodes/all-kinds.test.ts': ["import { definitions } from './definitions';"],
        'nodes/runtimes.ts': ['export const runtimes = {};'],
        'nodes/runtimes.test.ts': ["import { runtimes } from './runtimes';"],
        'nodes/shared/strings.ts': ["import { readFileSync } from 'node:fs';"],
        'nodes/text/definition.ts': ["import { one } from '../helpers';"],
        'main/util.ts': ["import { readFileSync } from 'node:fs';"],
      }),
    );
    expect(found.map(formatViolation)).toEqual([
      expect.stringMatching(/^nodes\/helpers\.ts: sits in no layer of DESIGN\.md/),
      expect.stringMatching(/^nodes\/shared\/strings\.ts: sits in no layer of DESIGN\.md/),
      'nodes/text/definition.ts:1: imports ../helpers — nodes/text/ outside runtime.ts and runtime/ is isomorphic: it may import only nodes/sdk, zod and its own isomorphic files (no Node built-ins, React, Electron or runtime code)',
    ]);
  });
});

describe('type-only imports', () => {
  it('may cross any boundary', () => {
    expect(
      violations({
        'renderer/src/types.ts': [
          "import type { EngineEvent } from '../../main/engine/events';",
          "import { type RunScope, type NodeStatus } from '../../main/engine/events';",
          "export type { RunStatus } from '../../main/engine/events';",
          "export { type RunOptions } from '../../main/engine/types';",
          "import type { BrowserWindow } from 'electron';",
          "type Db = import('better-sqlite3').Database;",
          'export type { Db };',
        ],
        'main/store/db.ts': ["import type Database from 'better-sqlite3';"],
        'nodes/sdk/run-context.ts': ["import type { Stats } from 'node:fs';"],
      }),
    ).toEqual([]);
  });

  it('do not excuse a value imported beside a type', () => {
    expect(
      violations({
        'renderer/src/mixed.ts': [
          "import { type EngineEvent, createEngine } from '../../main/engine/engine';",
          "import Engine, { type Options } from '../../main/engine/engine';",
        ],
      }),
    ).toEqual([
      'renderer/src/mixed.ts:1: imports ../../main/engine/engine',
      'renderer/src/mixed.ts:2: imports ../../main/engine/engine',
    ]);
  });
});

describe('the command', () => {
  const checker = path.join(__dirname, 'check-layers.mjs');

  it('exits 1 and lists each violation with file, line and reason', () => {
    const root = tree({
      'nodes/sdk/ports.ts': ["import { z } from 'zod';", "import { readFileSync } from 'node:fs';"],
      'renderer/src/main.tsx': ["import { engine } from '../../main/engine/engine';"],
    });
    const run = spawnSync(process.execPath, [checker, root], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^nodes\/sdk\/ports\.ts:2: imports node:fs — nodes\/sdk imports only nodes\/sdk and zod/);
    expect(lines[1]).toMatch(/^renderer\/src\/main\.tsx:1: imports \.\.\/\.\.\/main\/engine\/engine — the renderer never imports main\//);
    expect(lines[2]).toMatch(/^layers: 2 violation\(s\) of DESIGN\.md/);
  });

  it('exits 0 on a tree that follows the rules', () => {
    const root = tree({
      'nodes/sdk/ports.ts': ["import { z } from 'zod';"],
      'nodes/text/definition.ts': ["import { defineNode } from '../sdk';"],
      'renderer/src/main.tsx': ["import { definitions } from '../../nodes/definitions';"],
      'main/adapters/db/sqlite.ts': ["import Database from 'better-sqlite3';"],
    });
    const run = spawnSync(process.execPath, [checker, root], { encoding: 'utf8' });
    expect(run.stdout).toContain('layers: 4 files checked, no violations');
    expect(run.status).toBe(0);
  });

  it('formats a violation as file:line: imports X — reason', () => {
    expect(
      formatViolation({ file: 'main/a.ts', line: 3, specifier: 'electron', reason: 'only main/electron/' }),
    ).toBe('main/a.ts:3: imports electron — only main/electron/');
  });
});
