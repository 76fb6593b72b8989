import type { ReactNode } from 'react';
import { Group, Panel, Separator, useDefaultLayout, type PanelProps } from 'react-resizable-panels';

/** Panel sizes are kept under this prefix in localStorage, one entry per group of panels. */
const STORAGE_PREFIX = 'pipewright.panels.';

/**
 * The one door to react-resizable-panels: a row or column of panels whose sizes, once a person
 * drags an edge, come back after a reload. `panelIds` lists the panels shown, so a layout with
 * the logs open is remembered apart from one without.
 */
export function PanelGroup({ id, orientation, panelIds, children }: { id: string; orientation: 'horizontal' | 'vertical'; panelIds: string[]; children: ReactNode }) {
  const { defaultLayout, onLayoutChanged } = useDefaultLayout({ id: STORAGE_PREFIX + id, panelIds, storage: localStorage, onlySaveAfterUserInteractions: true });
  return (
    <Group id={id} orientation={orientation} className="pw-panel-group" defaultLayout={defaultLayout} onLayoutChanged={onLayoutChanged}>
      {children}
    </Group>
  );
}

/** A panel; give sizes in pixels (numbers). A side panel keeps its width when the window resizes. */
export function ResizablePanel({ fixed, ...props }: Omit<PanelProps, 'className'> & { fixed?: boolean }) {
  return <Panel {...props} className="pw-panel" groupResizeBehavior={fixed ? 'preserve-pixel-size' : 'preserve-relative-size'} />;
}

/** The edge between two panels: drag it, or focus it and use the arrow keys. */
export function ResizeHandle({ label }: { label: string }) {
  return <Separator className="pw-resize-handle" aria-label={label} />;
}
