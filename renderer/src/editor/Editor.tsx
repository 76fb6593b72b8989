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
import { PanelGroup, ResizablePanel, ResizeHandle } from '../ui/ResizablePanels';

const COLUMNS = ['palette', 'center', 'side'];
const WITH_LOGS = ['canvas', 'logs'];
const CANVAS_ONLY = ['canvas'];

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
        <PanelGroup id="editor" orientation="horizontal" panelIds={COLUMNS}>
          <ResizablePanel id="palette" fixed defaultSize={240} minSize={180} maxSize={480}>
            <Palette />
          </ResizablePanel>
          <ResizeHandle label="Resize the palette" />
          <ResizablePanel id="center" minSize={320}>
            <div className="center">
              <RunBanner />
              <PanelGroup id="editor-center" orientation="vertical" panelIds={logsOpen ? WITH_LOGS : CANVAS_ONLY}>
                <ResizablePanel id="canvas" minSize={160}>
                  <div className="canvas-wrap">{loaded && <Canvas />}</div>
                </ResizablePanel>
                {logsOpen && <ResizeHandle label="Resize the logs" />}
                {logsOpen && (
                  <ResizablePanel id="logs" fixed defaultSize={240} minSize={90}>
                    <Suspense fallback={null}>
                      <LogsPanel />
                    </Suspense>
                  </ResizablePanel>
                )}
              </PanelGroup>
            </div>
          </ResizablePanel>
          <ResizeHandle label="Resize the side panel" />
          <ResizablePanel id="side" fixed defaultSize={340} minSize={260} maxSize={760}>
            <SidePanel />
          </ResizablePanel>
        </PanelGroup>
      </div>
    </ReactFlowProvider>
  );
}
