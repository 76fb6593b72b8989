import { useEffect } from 'react';
import { onConnectionState, onEvent } from './api';
import { Editor } from './editor/Editor';
import { Home } from './projects/Home';
import { useRoute } from './route';
import { useProjects } from './state/projects';
import { wireEvents } from './state/session';
import { useSettings } from './state/settings';
import { reportError, useUi } from './state/ui';
import { DialogHost } from './ui/DialogHost';
import { Toasts } from './ui/Toasts';
import { useThemeAttribute } from './ui/theme';
import { FileDrop } from './templates/FileDrop';
import { ConnectionBanner } from './ui/ConnectionBanner';

export function App() {
  const route = useRoute();
  useThemeAttribute();

  useEffect(() => {
    const offState = onConnectionState((state) => useUi.getState().setConnection(state));
    wireEvents();
    const offProjects = onEvent('projects.changed', () => void useProjects.getState().refresh().catch(reportError));
    useSettings.getState().load().catch(reportError);
    return () => {
      offState();
      offProjects();
    };
  }, []);

  return (
    <div className="app">
      <ConnectionBanner />
      {route.page === 'project' ? <Editor key={route.id} projectId={route.id} /> : <Home />}
      <DialogHost />
      <Toasts />
      <FileDrop />
    </div>
  );
}
