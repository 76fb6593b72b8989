import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CapabilityScope, LocalProcess, LocalProcessOptions, RecordedService, ServicesApi } from '../../nodes/sdk';
import type { LocalServiceRecord, LocalServiceStore, Store } from '../store';
import { followFile, tailFile } from './log-file';
import { SERVICE_MARKER, spawnDetached, stillRunning, stopProcessTree } from './local-process';
import { choosePort, portOf } from './ports';

/** A recorded local service and whether its process still runs. */
export interface LocalServiceEntry extends LocalServiceRecord {
  running: boolean;
}

export interface LocalServicesOptions {
  /** The data folder's record (SQLite), shared by every Pipewright process on it. */
  records: LocalServiceStore;
  /** Where services' log files go (`<home>/services`). */
  logDir: string;
}

/** A file name made of a service name: nothing that climbs out of the folder or needs quoting. */
const fileNameOf = (name: string) => name.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_');

/**
 * The local services of one data folder: processes nodes started (see ServicesApi), found
 * again through their records by any Pipewright process, so they outlive the run and the
 * process that started them. A record is trusted only while its PID still runs the process
 * that was recorded.
 */
export class LocalServices {
  constructor(private readonly options: LocalServicesOptions) {}

  private async withState(record: LocalServiceRecord): Promise<LocalServiceEntry> {
    return { ...record, running: await stillRunning(record.pid, record.pidStart) };
  }

  /** Newest first, one project's or all, each with whether it still runs. */
  async list(projectId?: string): Promise<LocalServiceEntry[]> {
    return Promise.all(this.options.records.list(projectId).map((r) => this.withState(r)));
  }

  find(name: string): LocalServiceRecord | undefined {
    return this.options.records.get(name);
  }

  /** The last `lines` lines it printed. */
  logs(name: string, lines: number): string {
    const record = this.find(name);
    return record ? tailFile(record.logFile, lines) : '';
  }

  /** Stops it and everything it started, and forgets it; false when there is no such service. */
  async stop(name: string): Promise<boolean> {
    const record = this.find(name);
    if (!record) return false;
    await stopProcessTree(record);
    // Forget it only if it is still the same start (a new run may have replaced it meanwhile).
    if (this.find(name)?.pid === record.pid) this.options.records.delete(name);
    return true;
  }

  /** Stops what `runId` held without keeping; returns how many. */
  async releaseRun(runId: string): Promise<number> {
    const held = this.options.records.held().filter((r) => r.runId === runId);
    await Promise.all(held.map((r) => this.stop(r.name)));
    return held.length;
  }

  /**
   * Stops services held for runs that are over but never released them (their Pipewright was
   * killed): nothing is left running that nobody asked to keep.
   */
  async stopOrphans(runIsOver: (runId: string) => boolean): Promise<number> {
    const orphans = this.options.records.held().filter((r) => runIsOver(r.runId));
    // Forgotten at once, before anything is awaited: the caller (a short CLI command) may close
    // the store right after listing, and the list must not show them any more.
    for (const r of orphans) this.options.records.delete(r.name);
    await Promise.all(orphans.map((r) => stopProcessTree(r)));
    return orphans.length;
  }

  private async start(scope: CapabilityScope, options: LocalProcessOptions): Promise<LocalProcess> {
    const { records, logDir } = this.options;
    if (records.get(options.name)) await this.stop(options.name);
    mkdirSync(logDir, { recursive: true, mode: 0o700 });
    const logFile = join(logDir, `${fileNameOf(options.name)}.log`);
    const marker = `${SERVICE_MARKER}=${randomUUID()}`;
    const spawned = await spawnDetached({ command: options.command, cwd: options.cwd, env: options.env ?? {}, logFile, marker });
    const record: LocalServiceRecord = {
      name: options.name,
      projectId: scope.projectId,
      nodeId: scope.placeId ?? scope.nodeId,
      runId: scope.runId,
      pid: spawned.pid,
      pidStart: spawned.pidStart,
      marker,
      ...(options.url ? { url: options.url } : {}),
      ...(options.configHash ? { configHash: options.configHash } : {}),
      logFile,
      startedAt: Date.now(),
      keep: options.keep,
    };
    records.put(record);
    const unfollow = options.onOutput ? followFile(logFile, 0, options.onOutput) : undefined;
    let detached = false;
    const detach = () => {
      if (detached) return;
      detached = true;
      unfollow?.();
    };
    return {
      name: options.name,
      pid: spawned.pid,
      logFile,
      exited: spawned.exit,
      logs: (lines) => tailFile(logFile, lines),
      detach,
      stop: async () => {
        detach();
        await stopProcessTree(record);
        if (records.get(options.name)?.pid === record.pid) records.delete(options.name);
      },
    };
  }

  /** The ServicesApi one node attempt gets. */
  scoped(scope: CapabilityScope): ServicesApi {
    const nodeId = scope.placeId ?? scope.nodeId;
    const ofNode = () => this.options.records.ofNode(scope.projectId, nodeId);
    return {
      start: (options) => this.start(scope, options),
      current: async (): Promise<RecordedService | undefined> => {
        const [last] = ofNode();
        if (!last) return undefined;
        const { name, url, configHash, pid, logFile, keep, runId, startedAt } = last;
        return { name, url, configHash, pid, logFile, keep, runId, startedAt, running: await stillRunning(pid, last.pidStart) };
      },
      adopt: async (name, keep) => {
        const record = this.find(name);
        if (record && record.projectId === scope.projectId && record.nodeId === nodeId) {
          this.options.records.setOwner(name, scope.runId, keep);
        }
      },
      stopPrevious: async () => {
        await Promise.all(ofNode().map((r) => this.stop(r.name)));
      },
      port: async ({ wanted, previous }) => {
        const before = portOf(previous?.url);
        // Still held by this node's own running service: start() stops that one before the new one binds.
        const ours = async (port: number) => {
          for (const r of ofNode()) if (portOf(r.url) === port && (await stillRunning(r.pid, r.pidStart))) return true;
          return false;
        };
        const port = await choosePort({ wanted, previous: before, ours });
        if (wanted === undefined && before !== undefined && port !== before) {
          scope.log(
            `port ${before}, where this node's service answered before, is taken by another program now: it gets port ${port}, so its URL changes to http://127.0.0.1:${port}\n`,
            'info',
          );
        }
        return port;
      },
    };
  }
}

/** The local services of a store's data folder, their logs in `<home>/services`. */
export function localServicesOf(store: Store): LocalServices {
  return new LocalServices({ records: store.localServices, logDir: join(dirname(store.file), 'services') });
}
