/** What Pipewright gathered about one failed node: what a rule or a model reads. */
export interface DiagnoseContext {
  runId: string;
  nodeId: string;
  kind: string;
  /** The node's error as the run recorded it. */
  error: string;
  /** The end of what the node printed, as a terminal shows it. */
  logTail: string;
  /** The node's params, secret values replaced by their names. */
  params: Record<string, unknown>;
  /** The workspace folder the node worked on, when it had one. */
  workspace?: string;
  /** Files of the workspace that bear on the failure (Dockerfile, manifests, a traceback's file). */
  files: ContextFile[];
}

export interface ContextFile {
  /** Relative to the workspace. */
  path: string;
  text: string;
}

/** The likely cause of a failure, the lines that show it, and what to do. */
export interface Diagnosis {
  /** The offline rule that matched, or `model` when a model answered. */
  source: string;
  cause: string;
  evidence: string[];
  fix: string;
  confidence: 'high' | 'medium' | 'low';
  /** True when the fix is a change to files of the workspace, which the code generator's agent can make. */
  fixInWorkspace: boolean;
}
