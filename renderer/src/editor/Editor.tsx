import { ReactFlowProvider } from '@xyflow/react';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Canvas } from '../canvas/Canvas';
import { Palette } from '../palette/Palette';
import { useGraph } from '../state/graph';
import { useProjects } from '../state/projects';
import { closePipeline, openPipeline } from '../state/session';
import { innerPipelineId, useTrail } from '../state/trail';
import { useUi } from '../state/ui';
import { RunBanner } from '../runs/RunBanner';
import { SidePanel } from './SidePanel';
import { Toolbar } from './Toolbar';
import { useShortcuts } from './use-shortcuts';
import { WarningIcon } from '../ui/icons';

// The terminal (xterm) loads with the logs panel, not with the first screen.
const LogsPanel = lazy(() => import('../runs/LogsPanel').then((m) => ({ default: m.LogsPanel })));

/** One project open: palette, canvas, side panel (inspector, runs, services) and logs. */
export function Editor({ projectId }: { projectId: string }) {
  const [error, setError] = useState<string>();
  const loaded = useGraph((s) => s.pipelineId !== undefined);
  const logsOpen = useUi((s) => s.logsOpen);
  const inner = useTrail(innerPipelineId);
  useShortcuts();

  // The way into sub-pipelines belongs to this project: leaving it forgets the way.
  useEffect(() => () => useTrail.getState().clear(), [projectId]);

  useEffect(() => {
    let live = true;
    setError(undefined);
    (async () => {
      if (inner) {
        await openPipeline(inner);
        return;
      }
      const projects = await useProjects.getState().refresh().then(() => useProjects.getState().projects);
      const project = projects.find((p) => p.id === projectId);
      if (!project) throw new Error(`no project "${projectId}": it may have been deleted`);
      if (live) await openPipeline(project.mainPipelineId);
    })().catch((err: Error) => live && setError(err.message));
    return () => {
      live = false;
      closePipeline();
      useGraph.getState().unload();
    };
  }, [projectId, inner]);

  if (error) {
    return (
      <div className="placeholder">
        <div className="big">
          <WarningIcon size={28} aria-hidden="true" />
        </div>
        <p>{error}</p>
        <a className="btn" href="#/">
          Back to projects
        </a>
      </div>
    );
  }
  return (
    <ReactFlowProvider>
      <Toolbar />
      <div className="workspace">
        <Palette />
        <div className="center">
          <RunBanner />
          <div className="canvas-wrap">{loaded && <Canvas />}</div>
          {logsOpen && (
            <Suspense fallback={null}>
              <LogsPanel />
            </Suspense>
          )}
        </div>
        <SidePanel />
      </div>
    </ReactFlowProvider>
  );
}
