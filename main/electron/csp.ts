/**
 * The app window's Content-Security-Policy. renderer/index.html carries the same string in a
 * meta tag (a test keeps them equal) and main adds it as a response header, so the policy holds
 * however the page is loaded.
 */
const DIRECTIVES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'"]],
  // React Flow and Monaco set inline styles.
  ['style-src', ["'self'", "'unsafe-inline'"]],
  // Monaco draws its squiggles as data: images.
  ['img-src', ["'self'", 'data:']],
  ['connect-src', ["'self'"]],
  // Monaco starts its language workers from blob: URLs.
  ['worker-src', ["'self'", 'blob:']],
];

export interface CspOptions {
  /**
   * Origin of the Vite dev server (`npm run dev`): its React refresh preamble is an inline
   * script and hot reload talks over a WebSocket, so development loosens exactly those two.
   */
  devServer?: string;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  return DIRECTIVES.map(([name, sources]) => {
    let all = [...sources];
    if (options.devServer && name === 'script-src') all = [...all, "'unsafe-inline'"];
    if (options.devServer && name === 'connect-src') {
      all = [...all, options.devServer, options.devServer.replace(/^http/, 'ws')];
    }
    return `${name} ${all.join(' ')}`;
  }).join('; ');
}
