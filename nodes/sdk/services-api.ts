/**
 * Long-lived local processes a node starts as services (an app where Docker is missing,
 * code-server on this machine). Containers are not here: the Docker adapter labels them and
 * Docker itself is their record. A local service is started detached — a session of its own,
 * its output in a log file — and recorded in the data folder, so it outlives the run and the
 * Pipewright process that started it (`pipewright run` included). Any Pipewright process lists
 * it, shows its logs, reuses it and stops it; the end of its run stops it unless it is kept.
 */
export interface ServicesApi {
  /**
   * Starts `command` as this node's service `name` and records it at once (a Pipewright that
   * crashes a moment later still leaves it listed). A service of that name still running is
   * stopped first. The node waits for it to answer and calls `stop()` when it does not.
   */
  start(options: LocalProcessOptions): Promise<LocalProcess>;
  /** What this node recorded last, if anything, and whether that process still runs. */
  current(): Promise<RecordedService | undefined>;
  /**
   * Takes over this node's running service `name` for this run (a reuse): with `keep` off it
   * now stops when this run ends, with `keep` on it no longer does.
   */
  adopt(name: string, keep: boolean): Promise<void>;
  /** Stops what this node started before (its whole process tree) and forgets it. */
  stopPrevious(): Promise<void>;
  /**
   * A port on 127.0.0.1 for a service: `wanted` (an error naming the `port` param when another
   * program has it), else the port of `previous` (what current() said before this run replaced
   * it) when it is free or still held by that service of this node, so a tab the person opened
   * keeps working across runs; else any free one, and the node's log says the URL changed.
   */
  port(options: { wanted?: number; previous?: RecordedService }): Promise<number>;
}

export interface LocalProcessOptions {
  /** Shown in the Services list, unique (`<kind>-<project>-<node>`). */
  name: string;
  /** A shell command line (`sh -c`), or a program and its arguments. */
  command: string | string[];
  cwd: string;
  /** Added to Pipewright's own environment. */
  env?: Record<string, string>;
  /** Where it answers, for the Services list. */
  url?: string;
  /** Outlives its run (listed until stopped); otherwise stopped when the run ends. */
  keep: boolean;
  /** A hash of what shapes it: a later run that computes the same one may reuse it (see current()). */
  configHash?: string;
  /** What it prints, as it prints it, until `detach()`: the node's log while it starts. */
  onOutput?: (chunk: string) => void;
}

export interface LocalProcess {
  name: string;
  pid: number;
  /** Its standard output and errors. */
  logFile: string;
  /** How it ended, once it has (known while this Pipewright process watches it). */
  exited(): { code: number | null; signal?: string } | undefined;
  /** The last `lines` non-blank lines of its log, colour codes left out. */
  logs(lines: number): string;
  /** Stops copying its output to `onOutput` (it goes on into the log file). */
  detach(): void;
  /** Stops it and everything it started, and forgets it (a start that failed or was cancelled). */
  stop(): Promise<void>;
}

export interface RecordedService {
  name: string;
  url?: string;
  configHash?: string;
  pid: number;
  logFile: string;
  keep: boolean;
  /** The run that started it, or the last one that adopted it. */
  runId: string;
  startedAt: number;
  /** Whether the recorded process still runs (the same process: not another one given its PID since). */
  running: boolean;
}
