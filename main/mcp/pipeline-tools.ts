import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { pipelineInterface } from '../../nodes/pipeline/interface';
import type { Pipeline } from '../../nodes/sdk';
import { EndpointsSetting, readSetting } from '../adapters/llm/router';
import { awaitsReview } from '../api/keys';
import type { Host } from '../host';
import { LLM_ENDPOINTS } from '../settings-keys';
import { confirmationReasons, isHostedUrl } from './confirmation';
import { inputSchema, toolInputs, type ToolInput } from './tool-inputs';
import { pipelineToolName } from './tool-names';

/** A saved pipeline offered as a tool, with what a call needs to run it. */
export interface PipelineTool {
  tool: Tool;
  doc: Pipeline;
  projectId: string;
  inputs: ToolInput[];
}

/** Which saved pipelines a server offers: all of them, or one project's. */
export interface ToolScope {
  projectId?: string;
}

function routerMayBeHosted(host: Host): boolean {
  try {
    const endpoints = readSetting(LLM_ENDPOINTS, EndpointsSetting, host.store.settings.get(LLM_ENDPOINTS)) ?? {};
    return Object.values(endpoints).some((e) => isHostedUrl(e.baseUrl));
  } catch {
    // Settings this build cannot read: say a model may be hosted rather than stay silent.
    return true;
  }
}

/**
 * Every saved pipeline in scope that declares inputs (and, when imported, had its review
 * confirmed), as an MCP tool: named from its id,
 * described by the pipeline (with what needs a person's agreement first), its input schema
 * from the declared inputs. Read from the store at each call, so a pipeline saved in the UI a
 * moment ago is there. A pipeline this build cannot read is left out, not fatal to the list.
 */
export function pipelineTools(host: Host, scope: ToolScope): PipelineTool[] {
  const hosted = routerMayBeHosted(host);
  // What a tool says goes to the assistant's model: a secret's value pasted into a pipeline stays out of it.
  const matcher = host.store.secrets.matcher();
  const tools: PipelineTool[] = [];
  for (const summary of host.store.pipelines.list(scope.projectId)) {
    let doc: Pipeline | undefined;
    try {
      doc = host.store.pipelines.get(summary.id);
    } catch {
      continue;
    }
    // An imported pipeline runs once a person has seen what it runs, which an assistant cannot stand in for.
    if (!doc || awaitsReview(host.store.settings, doc.id)) continue;
    const inputs = toolInputs(doc);
    if (!inputs.length) continue;
    const reasons = confirmationReasons(doc, { loadPipeline: host.loadPipeline, routerMayBeHosted: hosted });
    tools.push({
      doc,
      projectId: summary.projectId,
      inputs,
      tool: {
        name: pipelineToolName(doc.id),
        title: matcher.redact(doc.name),
        description: matcher.redact(describe(doc, summary.projectId, reasons)),
        inputSchema: matcher.redactDeep(inputSchema(inputs)),
        annotations: {
          title: matcher.redact(doc.name),
          readOnlyHint: false,
          // Not destructive by what we know, but a person should agree first when it runs unsandboxed or pays.
          destructiveHint: reasons.length > 0,
          openWorldHint: true,
        },
      },
    });
  }
  return tools;
}

function describe(doc: Pipeline, projectId: string, reasons: readonly string[]): string {
  const outputs = pipelineInterface(doc).outputs.map((o) => `${o.name} (${o.type})`);
  const lines = [
    doc.description?.trim() || `Runs the Pipewright pipeline "${doc.name}".`,
    `Pipewright pipeline "${doc.name}" (id ${doc.id}, project ${projectId}); the call returns when the run ends${outputs.length ? `, with its outputs: ${outputs.join(', ')}` : ''}.`,
  ];
  if (reasons.length) {
    lines.push(
      `NEEDS CONFIRMATION: ask the user before calling this tool, because it ${reasons.length === 1 ? 'has a step that runs outside a sandbox or spends money' : 'has steps that run outside a sandbox or spend money'}:`,
      ...reasons.map((r) => `- ${r}`),
    );
  }
  return lines.join('\n');
}
