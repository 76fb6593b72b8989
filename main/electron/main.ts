import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, session } from 'electron';
import { definitions } from '../../nodes/definitions';
import type { CallHandlers } from '../../preload/contract';
import { appUrl } from './app-url';
import { contentSecurityPolicy } from './csp';
import { bindIpc } from './ipc';
import { createMainWindow, guardSession, guardWebContents } from './window';

// Set before anything reads it: the store and the engine keep their data under
// PIPEWRIGHT_HOME, which for the desktop app is Electron's per-user folder.
process.env.PIPEWRIGHT_HOME ??= app.getPath('userData');

const preload = path.join(__dirname, '../preload/index.js');
// `npm run dev` serves the renderer from Vite and says where in ELECTRON_RENDERER_URL.
const devServer = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const own = appUrl(devServer ?? pathToFileURL(path.join(__dirname, '../renderer/index.html')).href);

const handlers: CallHandlers = {
  'app.info': () => ({ version: app.getVersion(), nodeKinds: definitions.map((d) => d.kind) }),
};

let mainWindow: BrowserWindow | undefined;

function openMainWindow(): void {
  mainWindow = createMainWindow(own, preload);
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
}

// A second launch focuses the running window: two instances would fight over one database.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, own, preload));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });

  app
    .whenReady()
    .then(() => {
      guardSession(session.defaultSession, own, contentSecurityPolicy({ devServer: devServer && new URL(devServer).origin }));
      bindIpc(handlers, own);
      openMainWindow();
    })
    .catch((err: unknown) => {
      console.error('pipewright: the app could not start', err);
      app.exit(1);
    });
}
