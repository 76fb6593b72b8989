/**
 * Long-lived things a run starts (model servers, workspaces, deployed apps) that are not
 * containers: local processes started where Docker is missing. Containers are labelled by the
 * Docker adapter and listed from Docker itself; these are listed from the host's memory, so
 * they live as long as the Pipewright process that started them.
 */
export interface ServicesApi {
  /** Marks something this node started as a service that outlives the run (listed in Services). */
  keep(service: LocalService): Promise<void>;
  /** Something this node started that lives until the run ends, then is stopped. */
  holdForRun(service: LocalService): Promise<void>;
  /** Stops what this node kept or held before: running the node again replaces it. */
  stopPrevious(): Promise<void>;
}

export interface LocalService {
  name: string;
  url?: string;
  containerId?: string;
  pid?: number;
  /** Stops it (the Services panel's stop, the end of the run, or Pipewright quitting). */
  stop?: () => Promise<void>;
  /** The end of what it printed, for the Services panel's logs. */
  logs?: () => string;
}
