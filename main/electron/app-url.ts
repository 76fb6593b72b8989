/**
 * Tells the app's own pages from anything else. The packaged app loads one file
 * (out/renderer/index.html); `npm run dev` loads the Vite dev server. Everything else — other
 * files, other sites, other ports — is foreign: no navigation to it, no IPC from it.
 */
export interface AppUrl {
  /** The URL the main window loads. */
  readonly entry: string;
  /** Whether `url` is one of the app's own pages (query and fragment ignored). */
  isOwn(url: string): boolean;
}

export function appUrl(entry: string): AppUrl {
  const base = new URL(entry);
  if (base.protocol !== 'file:' && base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new Error(`app URL ${entry} must be a file: or http(s): URL`);
  }
  return {
    entry: base.href,
    isOwn(url: string): boolean {
      let candidate: URL;
      try {
        candidate = new URL(url);
      } catch {
        return false;
      }
      if (base.protocol === 'file:') {
        return candidate.protocol === 'file:' && candidate.host === base.host && candidate.pathname === base.pathname;
      }
      // The dev server serves the app from many paths (modules, assets); its origin is the app.
      return candidate.origin === base.origin;
    },
  };
}
