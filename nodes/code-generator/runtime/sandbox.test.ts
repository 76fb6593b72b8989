import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { dockerForTests, removeProject, testImage, testProject } from '../../../main/adapters/docker/docker.test-support';
import { llmTestContext, type LlmTestContext } from '../../../main/adapters/llm/llm-context.test-support';
import { callTool, callTools, dynamic, reply, startStandInModel, type StandInModel } from '../../../main/adapters/llm/stand-in-model.test-support';
import type { CapabilityScope } from '../../sdk';
import { codeGeneratorDefinition } from '../definition';
import { codeGeneratorRuntime } from './index';
import type { GenerationReport } from './report';

// Like every Docker integration test: required in CI, skipped with a loud warning elsewhere.
const docker = await dockerForTests(['go']);
const project = testProject('agent-sandbox');

let model: StandInModel | undefined;
let t: LlmTestContext | undefined;
afterEach(async () => {
  await model?.close();
  await t?.dispose();
  model = t = undefined;
});

const SUM_TEST = "import assert from 'node:assert/strict';\nimport { it } from 'node:test';\nimport { sum } from './sum.js';\nit('adds', () => assert.equal(sum(2, 3), 5));\n";

describe.skipIf(!docker)('code generator commands in a sandbox container', () => {
  const client = docker!;
  afterAll(() => removeProject(client, project));

  it("runs the agent's commands and the verify command in the sandbox, as a non-root user", async () => {
    model = await startStandInModel();
    t = await llmTestContext({ nodeId: 'agent' });
    const tc = t;
    const scope: CapabilityScope = { projectId: project, nodeId: 'agent', runId: 'test-run', signal: tc.controller.signal, log: (c, s) => tc.ctx.log(c, s) };
    const scoped = client.scoped(scope);
    Object.defineProperty(tc.ctx, 'docker', { get: () => scoped });

    model.script(
      callTools(
        { name: 'write_file', arguments: { path: 'package.json', content: '{"type":"module"}' } },
        { name: 'write_file', arguments: { path: 'sum.js', content: 'export const sum = (a, b) => a + b;\n' } },
        { name: 'write_file', arguments: { path: 'sum.test.js', content: SUM_TEST } },
        { name: 'run_command', arguments: { command: 'echo "uid=$(id -u) in $(pwd)"; ls' } },
      ),
      dynamic((req) => {
        const results = req.body.messages.filter((m: { role: string }) => m.role === 'tool').map((m: { content: string }) => m.content);
        return /uid=[1-9]\d* in \/workspace[\s\S]*sum\.test\.js/.test(results[3] ?? '') ? callTool('finish', { summary: 'done' }) : reply('the command did not run as expected');
      }),
    );
    const out = await codeGeneratorRuntime.run({
      inputs: { blueprint: '# Sum', endpoint: { baseUrl: model.url, model: 'stand-in-coder' } },
      params: codeGeneratorDefinition.params.parse({ mode: 'agent', verifyCommand: 'node --test' }),
      ctx: tc.ctx,
    });
    const report = out.report as GenerationReport;
    expect(report.summary).toBe('done');
    expect(report.verify).toEqual([expect.objectContaining({ passed: true, sandboxed: true })]);
    expect(tc.logText()).toContain(`[commands run in a sandbox container (${testImage('sandbox')}), without network]`);
  });

  it("runs a Go project's own tests in the Go sandbox when no verify command is set, and counts them", async () => {
    model = await startStandInModel();
    t = await llmTestContext({ nodeId: 'single' });
    const tc = t;
    const scope: CapabilityScope = { projectId: project, nodeId: 'single', runId: 'test-run', signal: tc.controller.signal, log: (c, s) => tc.ctx.log(c, s) };
    const scoped = client.scoped(scope);
    Object.defineProperty(tc.ctx, 'docker', { get: () => scoped });
    const files = [
      { path: 'go.mod', content: 'module sum\n\ngo 1.19\n' },
      { path: 'sum.go', content: 'package sum\n\nfunc Sum(a, b int) int { return a + b }\n' },
      {
        path: 'sum_test.go',
        content:
          'package sum\n\nimport "testing"\n\nfunc TestSum(t *testing.T) {\n\tif Sum(2, 3) != 5 {\n\t\tt.Fatal("2 + 3")\n\t}\n}\n\nfunc TestZero(t *testing.T) {\n\tif Sum(0, 0) != 0 {\n\t\tt.Fatal("0 + 0")\n\t}\n}\n',
      },
    ];
    model.script(reply(JSON.stringify({ files, summary: 'a sum package' })));
    const out = await codeGeneratorRuntime.run({
      inputs: { blueprint: '# Sum\nA Go package that adds numbers.', endpoint: { baseUrl: model.url, model: 'stand-in-coder' } },
      params: codeGeneratorDefinition.params.parse({ mode: 'single-shot' }),
      ctx: tc.ctx,
    });
    const report = out.report as GenerationReport;
    expect(report.verify).toEqual([expect.objectContaining({ command: 'go test -v ./...', passed: true, sandboxed: true, image: testImage('go') })]);
    expect(report.tests).toEqual({ passed: 2, failed: 0 });
    expect(tc.logText()).toContain(`[verify, round 1: \`go test -v ./...\` in the go sandbox (${testImage('go')})]`);
  });
});
