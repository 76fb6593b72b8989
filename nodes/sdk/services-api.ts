/**
 * Long-lived things a run starts and keeps (model servers, workspaces, deployed apps): they are
 * listed in the Services panel. Grown by the Docker layer.
 */
export interface ServicesApi {
  /** Marks something this node started as a service that outlives the run. */
  keep(service: { name: string; url?: string; containerId?: string; pid?: number }): Promise<void>;
}
