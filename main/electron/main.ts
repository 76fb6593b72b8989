import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, safeStorage, session } from 'electron';
import { createApi, type Api, type EventSink } from '../api';
import { openHost, type Host } from '../host';
import { appUrl } from './app-url';
import { contentSecurityPolicy } from './csp';
import { bindIpc, sendEvent } from './ipc';
import { safeStorageKeyProvider } from './secret-key';
import { createMainWindow, guardSession, guardWebContents } from './window';

// Set before anything reads it: the store and the engine keep their data under
// PIPEWRIGHT_HOME, which for the desktop app is Electron's per-user folder.
process.env.PIPEWRIGHT_HOME ??= app.getPath('userData');

const preload = path.join(__dirname, '../preload/index.js');
// `npm run dev` serves the renderer from Vite and says where in ELECTRON_RENDERER_URL.
const devServer = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const own = appUrl(devServer ?? pathToFileURL(path.join(__dirname, '../renderer/index.html')).href);

// Events go to every open window; each payload is checked against the contract on the way.
const broadcast: EventSink = (name, payload) => {
  for (const window of BrowserWindow.getAllWindows()) sendEvent(window.webContents, name, payload);
};

let host: Host | undefined;
let api: Api | undefined;

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

  // Runs are cancelled (their processes killed and the cancel recorded) before the database closes.
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing || !api) return;
    closing = true;
    event.preventDefault();
    api
      .close()
      .catch((err: unknown) => console.error('pipewright: stopping runs failed', err))
      .finally(() => {
        host?.close();
        app.quit();
      });
  });

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
      const home = process.env.PIPEWRIGHT_HOME!;
      // The secrets key is kept by the OS keychain through safeStorage where one is available.
      host = openHost({ home, secretKey: safeStorageKeyProvider(home, safeStorage) });
      api = createApi({ host, emit: broadcast });
      bindIpc(api.handlers, own);
      openMainWindow();
    })
    .catch((err: unknown) => {
      console.error('pipewright: the app could not start', err);
      app.exit(1);
    });
}
