import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { llmTestContext, type LlmTestContext } from '../../../main/adapters/llm/llm-context.test-support';
import { reply, startStandInModel, type StandInModel } from '../../../main/adapters/llm/stand-in-model.test-support';
import { parseYamlDocuments } from '../../sdk/node/yaml';
import { iacDefinition } from '../definition';
import { iacRuntime, type IacCheck } from '.';

let t: LlmTestContext | undefined;
let model: StandInModel | undefined;
afterEach(async () => {
  await t?.dispose();
  await model?.close();
  t = undefined;
  model = undefined;
});

/** Runs the node on a small Python API, against the scripted stand-in model (no real LLM here). */
async function run(answer: unknown) {
  model = await startStandInModel({ models: ['gpt-4o-mini'] });
  model.script(reply(JSON.stringify(answer)));
  t = await llmTestContext({ nodeId: 'iac' });
  const dir = join(t.root, 'shop');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'requirements.txt'), 'flask==3.0.0\n');
  await writeFile(join(dir, 'app.py'), 'print("shop")\n');
  const out = await iacRuntime.run({
    inputs: { workspace: { path: dir }, endpoint: { baseUrl: model.url, model: 'gpt-4o-mini' } },
    params: iacDefinition.params.parse({ targets: ['kubernetes'], name: 'shop' }),
    ctx: t.ctx,
  });
  return { dir, report: out.report as { checks: IacCheck[]; refined: { changed: string[]; rejected: { path: string; problem: string }[]; ignored: string[] } } };
}

/** The manifest the offline template writes, with `line` added to the Deployment's container. */
function editedApp(dir: string, line: string): string {
  const text = readFileSync(join(dir, 'infra/k8s/app.yaml'), 'utf8');
  return text.replace(/^( *)- name: "app"\n/m, (m, indent: string) => `${m}${indent}  ${line}\n`);
}

describe('iac with a model (the stand-in model)', () => {
  it('uses the files the model refines once they pass their checks, and ignores paths it was not given', async () => {
    // First run writes the template; the model's answer is built from it.
    const first = await run({ files: [] });
    const refinedText = editedApp(first.dir, 'imagePullPolicy: "IfNotPresent"');
    await t!.dispose();
    await model!.close();
    t = undefined;
    model = undefined;

    const { dir, report } = await run({ files: [{ path: 'infra/k8s/app.yaml', content: refinedText }, { path: '/etc/passwd', content: 'x' }] });
    expect(report.refined).toEqual({ changed: ['infra/k8s/app.yaml'], rejected: [], ignored: ['/etc/passwd'] });
    expect(report.checks.every((c) => c.ok)).toBe(true);
    const deployment = parseYamlDocuments(readFileSync(join(dir, 'infra/k8s/app.yaml'), 'utf8'))[1].data as {
      spec: { template: { spec: { containers: { imagePullPolicy?: string }[] } } };
    };
    expect(deployment.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    // The model saw the files it was asked about.
    expect(JSON.stringify(model!.chats[0].body.messages)).toContain('infra/k8s/app.yaml');
  });

  it("keeps the template's file when the model's fails its check, and says why", async () => {
    const broken = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  replicas: "two"\n  selector: {}\n  template: {}\n';
    const { dir, report } = await run({ files: [{ path: 'infra/k8s/app.yaml', content: broken }] });
    expect(report.refined.changed).toEqual([]);
    expect(report.refined.rejected).toEqual([{ path: 'infra/k8s/app.yaml', problem: expect.stringContaining('infra/k8s/app.yaml, line 6, field Deployment.spec.replicas') }]);
    expect(report.checks.every((c) => c.ok)).toBe(true);
    expect(readFileSync(join(dir, 'infra/k8s/app.yaml'), 'utf8')).toContain('kind: "Deployment"');
    expect(readFileSync(join(dir, 'infra/k8s/app.yaml'), 'utf8')).not.toContain('"two"');
  });
});
