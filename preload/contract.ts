import { z } from 'zod';
import { PipelineSchema } from '../nodes/sdk';
import {
  CatalogEntrySchema,
  GalleryEntrySchema,
  HistoryChangeSchema,
  HistorySchema,
  OpenedPipelineSchema,
  PipelineSummarySchema,
  ProjectSchema,
  ResolvedPortsSchema,
  RevisionSchema,
  TemplateManifestSchema,
  ValidationIssueSchema,
} from './contract/documents';
import { EngineEventSchema, LogChunkSchema, RunDetailSchema, RunScopeSchema, RunSummarySchema, TranscriptEntrySchema } from './contract/runs';
import { DiagnoseAnswerSchema, DiagnoseRequestSchema, FixAnswerSchema } from './contract/diagnose';
import { UsageReportSchema } from './contract/usage';
import { ModelAddSchema, ModelIdSchema, ModelPullEventSchema, ModelRowSchema, ModelsStateSchema } from './contract/models';
import {
  SecretListSchema,
  SecretNameSchema,
  ServiceListSchema,
  DockerEngineSettingSchema,
  EndpointSettingSchema,
  ConnectionTestSchema,
  SettingChangeSchema,
  SettingValuesSchema,
  MAX_BUDGET_USD,
} from './contract/settings';
import { KeptFileContentSchema, KeptFilesSchema, OutputRef } from './contract/outputs';
import {
  AskAnswerEventSchema,
  AskMessageSchema,
  AskProgressEventSchema,
  AskSendResultSchema,
  AskSendSchema,
} from './contract/ask';
import { runQueueCalls, runQueueEvents } from './contract/run-queue';

export * from './contract/documents';
export * from './contract/runs';
export * from './contract/settings';
export * from './contract/models';
export * from './contract/ask';
export * from './contract/run-queue';
export * from './contract/usage';
export * from './contract/outputs';

const Id = z.string().min(1).max(200);
const ProjectName = z.string().trim().min(1, 'a project needs a name').max(200);
const None = z.object({});
const Done = z.object({ ok: z.literal(true) });

/** Templates travel as text: a file picked or dropped in the UI, read there, parsed in main. */
const TemplateText = z.object({
  fileName: z.string().max(500),
  text: z.string().max(20 * 1024 * 1024, 'a template larger than 20 MiB is not a pipeline'),
});

/**
 * THE API between the UI and main. Each call is declared once, by name, with the schema of what
 * the caller sends and of what main answers; each event with the schema of its payload. The IPC
 * binding (main/electron/ipc.ts), the preload bridge (preload/index.ts), the WebSocket server
 * (main/server) and the renderer's client (renderer/src/api) are all driven by this object, so
 * they cannot drift apart.
 *
 * Names are `area.verb`. Adding a call: add it here, then its handler in main/api; TypeScript
 * points at every place that must follow. Areas that later layers fill in (`services.*`,
 * `secrets.*`) answer `available: false` until their provider is plugged into main/api.
 */
export const contract = {
  calls: {
    'app.info': {
      input: None,
      output: z.object({ version: z.string(), nodeKinds: z.array(z.string()), home: z.string() }),
    },

    'projects.list': { input: None, output: z.array(ProjectSchema) },
    'projects.create': { input: z.object({ name: ProjectName }), output: ProjectSchema },
    'projects.rename': { input: z.object({ id: Id, name: ProjectName }), output: ProjectSchema },
    'projects.duplicate': { input: z.object({ id: Id, name: ProjectName }), output: ProjectSchema },
    'projects.delete': { input: z.object({ id: Id }), output: z.object({ deleted: z.boolean() }) },

    'pipeline.open': { input: z.object({ id: Id }), output: OpenedPipelineSchema },
    /** Autosave: the whole document (comments and groups are nodes of it), one transaction. */
    'pipeline.save': {
      input: z.object({ doc: PipelineSchema, projectId: Id }),
      output: PipelineSummarySchema,
    },
    'pipeline.saveRevision': {
      input: z.object({ id: Id, message: z.string().trim().min(1, 'name the revision').max(200) }),
      output: RevisionSchema,
    },
    'pipeline.revisions': { input: z.object({ id: Id }), output: z.array(RevisionSchema) },
    'pipeline.revision': { input: z.object({ id: Id, rev: z.number().int().positive() }), output: PipelineSchema },
    /** Problems the engine finds, and the ports of nodes whose ports only main can resolve. */
    'pipeline.validate': {
      input: z.object({ doc: PipelineSchema }),
      output: z.object({
        issues: z.array(ValidationIssueSchema),
        ports: z.record(z.string(), ResolvedPortsSchema),
      }),
    },
    /** The undo history kept for a pipeline, so undo survives a reload. */
    'pipeline.history': { input: z.object({ id: Id }), output: HistorySchema },
    /** Autosave of the undo history: only what changed since the last save. */
    'pipeline.saveHistory': { input: z.object({ id: Id, change: HistoryChangeSchema }), output: Done },
    /** Pipelines a `pipeline` node can run: saved ones and bundled templates that have inputs or outputs. */
    'pipeline.catalog': { input: None, output: z.array(CatalogEntrySchema) },
    /** Saves a new pipeline in a project, under the document's id or the first free `<id>-N`. */
    'pipeline.create': { input: z.object({ doc: PipelineSchema, projectId: Id }), output: PipelineSummarySchema },

    'templates.gallery': { input: None, output: z.array(GalleryEntrySchema) },
    /** Opens a bundled template as a new project. */
    'templates.openBundled': { input: z.object({ file: z.string().min(1).max(300) }), output: ProjectSchema },
    /** Parses, validates and saves a template file as a new project; refuses (changing nothing) a malformed one. */
    'templates.import': {
      input: TemplateText,
      output: z.object({ project: ProjectSchema, manifest: TemplateManifestSchema, issues: z.array(ValidationIssueSchema) }),
    },
    'templates.confirmReview': { input: z.object({ pipelineId: Id }), output: Done },
    'templates.export': {
      /** Pinned outputs travel only when asked for, and never those naming a folder or service. */
      input: z.object({ pipelineId: Id, includePins: z.boolean().default(false) }),
      /** Secret values pasted into params leave as `[secret NAME]`; removedSecrets names them. */
      output: z.object({ fileName: z.string(), text: z.string(), removedSecrets: z.array(z.string()).default([]) }),
    },

    'runs.start': {
      input: z.object({
        projectId: Id,
        doc: PipelineSchema,
        scope: RunScopeSchema.default({ kind: 'all' }),
        inputs: z.record(z.string(), z.unknown()).default({}),
      }),
      output: z.object({ runId: z.string() }),
    },
    'runs.cancel': { input: z.object({ runId: Id }), output: z.object({ cancelled: z.boolean() }) },
    /** Runs in progress in this process, for a UI that reconnects. */
    'runs.active': { input: z.object({ pipelineId: Id }), output: z.array(RunDetailSchema) },
    'runs.list': {
      input: z.object({ pipelineId: Id, limit: z.number().int().min(1).max(500).default(50) }),
      output: z.array(RunSummarySchema),
    },
    'runs.get': { input: z.object({ runId: Id }), output: RunDetailSchema },
    'runs.logs': { input: z.object({ runId: Id, nodeId: z.string().optional() }), output: z.array(LogChunkSchema) },
    /** A node's conversations with its model in a run (an agent's, or each of a team's agents'). */
    'runs.transcript': { input: z.object({ runId: Id, nodeId: z.string() }), output: z.array(TranscriptEntrySchema) },
    /** Why a node of a stored run failed: offline rules first, then the model routed for troubleshooting. */
    'runs.diagnose': { input: DiagnoseRequestSchema, output: DiagnoseAnswerSchema },
    /** Fix it: the code generator's agent applies the diagnosis to the node's workspace, then the pipeline runs again from the node. */
    'runs.fix': { input: DiagnoseRequestSchema, output: FixAnswerSchema },

    'settings.get': { input: None, output: SettingValuesSchema },
    'settings.set': { input: SettingChangeSchema, output: Done },
    /** Asks a Docker engine (saved or not) for `docker info`: what it is, or why it did not answer. */
    'docker.testEngine': {
      input: DockerEngineSettingSchema,
      output: z.object({ ok: z.boolean(), summary: z.string().optional(), reason: z.string().optional() }),
    },
    /** The default Docker engine (docker.host, else DOCKER_HOST, else the local socket), asked the same way. */
    'docker.testDefaultEngine': { input: None, output: ConnectionTestSchema },
    /** Asks an LLM endpoint (saved or not) for its models: how fast it answered and whether it serves the model, or why not. */
    'llm.testEndpoint': { input: EndpointSettingSchema, output: ConnectionTestSchema },
    /** A project's LLM budget in US dollars; null for no limit. */
    'budget.get': { input: z.object({ projectId: Id }), output: z.object({ usd: z.number().nullable() }) },
    'budget.set': { input: z.object({ projectId: Id, usd: z.number().min(0).max(MAX_BUDGET_USD).nullable() }), output: Done },
    /** Tokens and dollars of a project's LLM calls: in all, in one run, per node of that run, with its budget. */
    'usage.get': { input: z.object({ projectId: Id, runId: Id.optional() }), output: UsageReportSchema },

    'secrets.list': { input: None, output: SecretListSchema },
    'secrets.set': { input: z.object({ name: SecretNameSchema, value: z.string().min(1).max(64 * 1024) }), output: Done },
    'secrets.delete': { input: z.object({ name: SecretNameSchema }), output: z.object({ deleted: z.boolean() }) },

    /** The built-in local model: catalog, installed models, the one in memory, downloads going on. */
    'models.list': { input: None, output: ModelsStateSchema },
    /** Starts a download and returns at once: progress arrives as models.pull events. */
    'models.pull': { input: z.object({ id: ModelIdSchema }), output: Done },
    'models.cancelPull': { input: z.object({ id: ModelIdSchema }), output: z.object({ cancelled: z.boolean() }) },
    'models.add': { input: ModelAddSchema, output: ModelRowSchema },
    'models.remove': { input: z.object({ id: ModelIdSchema }), output: z.object({ deletedFile: z.boolean() }) },

    /** The files a node's folder output held when it finished in a run, and those of the previous run that kept them. */
    'outputs.files': { input: OutputRef, output: KeptFilesSchema },
    /** One of those files (text redacted of secrets); a path outside the listing is refused. */
    'outputs.file': { input: OutputRef.extend({ path: z.string().min(1).max(4096) }), output: KeptFileContentSchema },

    'services.list': { input: z.object({ projectId: Id.optional() }), output: ServiceListSchema },
    'services.stop': { input: z.object({ id: Id }), output: Done },
    'services.logs': { input: z.object({ id: Id, tail: z.number().int().min(1).max(10_000).default(500) }), output: z.object({ text: z.string() }) },

    /** A request in plain words (or an answer, or Change feedback) → a question or a plan; nothing saved. */
    'ask.send': { input: AskSendSchema, output: AskSendResultSchema },
    /** Saves the plan's draft (a new project, or a new revision of the open pipeline) and returns the review of what will run; runs nothing. */
    'ask.confirm': {
      input: z.object({ conversationId: Id }),
      output: z.object({
        projectId: z.string(),
        pipelineId: z.string(),
        manifest: TemplateManifestSchema,
        /** The secret Confirm made up for the stack's database password, by name (never its value). */
        generatedSecret: z.string().optional(),
      }),
    },
    /** Runs what the conversation's last Confirm saved (once); progress and the answer come as ask.progress and ask.answer. */
    'ask.run': {
      input: z.object({ conversationId: Id }),
      output: z.object({ projectId: z.string(), pipelineId: z.string(), runId: z.string() }),
    },
    'ask.discard': { input: z.object({ conversationId: Id }), output: Done },
    /** A project's conversations, oldest message first. */
    'ask.history': { input: z.object({ projectId: Id }), output: z.array(AskMessageSchema) },
    ...runQueueCalls,
  },
  events: {
    /** Every engine event of every run this process starts, as it happens. */
    'run.event': EngineEventSchema,
    /** A project was created, renamed or deleted (by another window, or the CLI through this process). */
    'projects.changed': z.object({}),
    /** A model download's progress (bytes, speed, time left), then its end. */
    'models.pull': ModelPullEventSchema,
    /** A confirmed plan's run, node by node, for the chat. */
    'ask.progress': AskProgressEventSchema,
    /** A confirmed plan's run ended: its status and the links to what it made. */
    'ask.answer': AskAnswerEventSchema,
    ...runQueueEvents,
  },
} as const satisfies ContractShape;


interface ContractShape {
  calls: Record<string, { input: z.ZodType; output: z.ZodType }>;
  events: Record<string, z.ZodType>;
}

type Calls = (typeof contract)['calls'];
type Events = (typeof contract)['events'];

export type CallName = keyof Calls & string;
export type EventName = keyof Events & string;

/** What a caller passes (before defaults are applied). */
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
/** What a handler receives: the input after its schema has parsed it. */
export type ParsedCallInput<N extends CallName> = z.output<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;
export type EventPayload<N extends EventName> = z.output<Events[N]>;

/** Main's side of every call; one object so a missing handler is a type error. */
export type CallHandlers = {
  [N in CallName]: (input: ParsedCallInput<N>) => CallOutput<N> | Promise<CallOutput<N>>;
};

/** What the renderer sees as `window.pipewright` (and what the WebSocket client mirrors). */
export interface PipewrightApi {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
}

export type CallErrorCode = 'unknown-call' | 'invalid-input' | 'invalid-output' | 'refused' | 'failed';

/**
 * How an answer travels. Errors go as data rather than thrown across the transport, so the
 * message arrives as written (Electron would wrap it in "Error invoking remote method …").
 */
export type CallResult<T = unknown> =
  | { ok: true; value: T }
  | { ok: false; error: { code: CallErrorCode; message: string } };

/**
 * Messages on the WebSocket (`/api`). The client sends `call`; the server answers `result` with
 * the same id and pushes `event`s. Anything else is refused.
 */
export const WsClientMessageSchema = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  name: z.string().max(100),
  input: z.unknown(),
});
export type WsClientMessage = z.infer<typeof WsClientMessageSchema>;
export type WsServerMessage =
  | { type: 'result'; id: number; result: CallResult }
  | { type: 'event'; name: EventName; payload: unknown }
  | { type: 'error'; message: string };

/** The path of the WebSocket that carries the contract under `pipewright serve`. */
export const WS_PATH = '/api';

/** Every channel name starts with this, so main can refuse anything else. */
export const CHANNEL_PREFIX = 'pipewright:';

export function callChannel(name: CallName): string {
  return `${CHANNEL_PREFIX}call:${name}`;
}

export function eventChannel(name: EventName): string {
  return `${CHANNEL_PREFIX}event:${name}`;
}

export const callNames = Object.keys(contract.calls) as CallName[];
export const eventNames = Object.keys(contract.events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(contract.calls, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(contract.events, name);
}
