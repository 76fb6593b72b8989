import { BrowserWindow, shell, type Session, type WebContents, type WebPreferences } from 'electron';
import type { AppUrl } from './app-url';
import { isExternalWebLink } from './external-link';

/** The renderer gets no Node, no Electron and no shared world with the preload script. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

export function createMainWindow(app: AppUrl, preload: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 500,
    title: 'Pipewright',
    backgroundColor: '#111827',
    // Shown once painted, so the user never sees a blank white frame.
    show: false,
    webPreferences: secureWebPreferences(preload),
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(app.entry).catch((err: unknown) => {
    console.error(`pipewright: could not load ${app.entry}; run \`npm run build\` and start again`, err);
  });
  return window;
}

/**
 * Every web contents (windows, and any frame someone manages to open) may show the app's own
 * page only: navigation elsewhere and new windows to elsewhere are refused, and webviews never attach.
 */
export function guardWebContents(contents: WebContents, app: AppUrl, preload: string): void {
  const refuseForeign = (event: { preventDefault(): void }, url: string) => {
    if (app.isOwn(url)) return;
    event.preventDefault();
    console.warn(`pipewright: refused to navigate to ${url}: the app window shows only the app`);
  };
  contents.on('will-navigate', (event) => refuseForeign(event, event.url));
  contents.on('will-redirect', (event) => refuseForeign(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (app.isOwn(url)) {
      return { action: 'allow', overrideBrowserWindowOptions: { webPreferences: secureWebPreferences(preload) } };
    }
    // A link to what a run made (a deployed app, a workspace) opens in the person's browser, never in the app.
    if (isExternalWebLink(url)) {
      void shell.openExternal(url);
      return { action: 'deny' };
    }
    console.warn(`pipewright: refused to open a window on ${url}: the app opens only its own pages`);
    return { action: 'deny' };
  });
}

/** Applies the CSP to every response and refuses every permission (camera, geolocation, …). */
export function guardSession(session: Session, app: AppUrl, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  // Copying nodes to the clipboard is the one capability the app's own page needs.
  session.setPermissionCheckHandler(
    (contents, permission) =>
      permission === 'clipboard-sanitized-write' && contents !== null && app.isOwn(contents.getURL()),
  );
}
