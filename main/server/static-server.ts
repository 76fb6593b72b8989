import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { CallHandlers } from '../../preload/contract';
import { refusal as accessRefusal, sameSecret } from './access';
import type { McpEndpoint } from '../mcp/http';
import type { RestApi } from './rest';
import { attachWsApi, type WsApi } from './ws-api';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** The same policy as the app window: nothing from elsewhere, no inline scripts. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; worker-src 'self' blob:; font-src 'self' data:; frame-ancestors 'none'";

export interface ServeOptions {
  /** The built renderer (out/renderer). */
  root: string;
  port?: number;
  host?: string;
  token?: string;
  /** Serves the contract over a WebSocket at /api too (pipewright serve); static files only without. */
  handlers?: CallHandlers;
  /** Serves the HTTP API under /api/v1 too. */
  rest?: RestApi;
  /** Serves MCP at /mcp too (streamable HTTP, Bearer token). */
  mcp?: McpEndpoint;
}

export interface RunningServer {
  server: Server;
  url: string;
  /** The URL to open: it carries the token once, then a cookie does. */
  loginUrl: string;
  token: string;
  /** The contract's WebSocket, when `handlers` were given. */
  api?: WsApi;
  close(): Promise<void>;
}

/** The request target as a URL on this server, or undefined for one that is not a path (`http://[::1`). */
function requestUrl(target: string | undefined, origin: string): URL | undefined {
  if (!target?.startsWith('/') || target.startsWith('//')) return undefined;
  return URL.canParse(target, origin) ? new URL(target, origin) : undefined;
}

function decodedPath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

function refuse(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
}

/**
 * Serves the built renderer to a browser. Every request needs the token (from the URL once,
 * then an HttpOnly cookie); requests from another origin, or naming another host (DNS
 * rebinding), are refused.
 */
export function serveRenderer(opts: ServeOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const host = opts.host ?? '127.0.0.1';
  let origin = '';

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = requestUrl(req.url, origin);
    if (!url) return refuse(res, 400, 'bad request: the request target is not a path on this server');
    // The API checks access itself (a Bearer token as well as the cookie) and answers in JSON.
    if (opts.rest?.owns(url.pathname)) return void opts.rest.handle(req, res, url, { token, origin, host });
    if (opts.mcp && url.pathname === '/mcp') return opts.mcp.handle(req, res, { token, origin, host });
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');

    const given = url.searchParams.get('token');
    if (given !== null) {
      const wrongPlace = accessRefusal(req, { token, origin, host });
      if (wrongPlace && wrongPlace.status !== 401) return refuse(res, wrongPlace.status, wrongPlace.text);
      if (!sameSecret(given, token)) return refuse(res, 401, 'wrong token: open the URL pipewright serve printed');
      url.searchParams.delete('token');
      res.writeHead(303, {
        location: url.pathname + url.search,
        'set-cookie': `pw_token=${token}; HttpOnly; SameSite=Strict; Path=/`,
      });
      res.end();
      return;
    }
    const refused = accessRefusal(req, { token, origin, host });
    if (refused) return refuse(res, refused.status, refused.text);

    const decoded = decodedPath(url.pathname);
    if (decoded === undefined) return refuse(res, 400, 'bad request: the path is not valid percent-encoded UTF-8');
    const rel = url.pathname === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = normalize(join(opts.root, rel));
    if (file !== opts.root && !file.startsWith(opts.root + sep)) return refuse(res, 403, 'outside the app');
    const target = existsSync(file) && statSync(file).isFile() ? file : join(opts.root, 'index.html');
    if (!existsSync(target)) return refuse(res, 503, 'the UI is not built yet: run `npm run build`');
    res.writeHead(200, {
      'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    // A file removed or unreadable mid-answer ends this response, not the server.
    createReadStream(target)
      .on('error', () => res.destroy())
      .pipe(res);
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      // No request may take the server down: whatever a handler did not foresee is this request's failure.
      console.error(`pipewright: request failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) refuse(res, 400, 'bad request');
      else res.destroy();
    }
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    let api: WsApi | undefined;
    if (opts.handlers) api = attachWsApi(server, () => ({ token, origin, host }), opts.handlers);
    server.listen(opts.port ?? 0, host, () => {
      // From now on an error of the server (too many open files, say) is reported, never thrown.
      server.off('error', reject);
      server.on('error', (err) => console.error(`pipewright: server error: ${err.message}`));
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      origin = `http://${shown}:${port}`;
      resolve({
        server,
        url: origin,
        loginUrl: `${origin}/?token=${token}`,
        token,
        api,
        close: () => {
          api?.close();
          server.closeAllConnections();
          return new Promise((r) => server.close(() => r()));
        },
      });
    });
  });
}
