import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

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

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface ServeOptions {
  /** The built renderer (out/renderer). */
  root: string;
  port?: number;
  host?: string;
  token?: string;
}

export interface RunningServer {
  server: Server;
  url: string;
  /** The URL to open: it carries the token once, then a cookie does. */
  loginUrl: string;
  token: string;
  close(): Promise<void>;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | undefined {
  return /(?:^|;\s*)pw_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
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

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (req.headers.host !== new URL(origin).host && LOOPBACK.has(host)) {
      const named = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
      if (!LOOPBACK.has(named)) return refuse(res, 421, 'this server answers only to its own address');
    }
    if (req.headers.origin && req.headers.origin !== origin) return refuse(res, 403, 'requests from other origins are refused');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');

    const given = url.searchParams.get('token');
    if (given !== null) {
      if (!sameSecret(given, token)) return refuse(res, 401, 'wrong token: open the URL pipewright serve printed');
      url.searchParams.delete('token');
      res.writeHead(303, {
        location: url.pathname + url.search,
        'set-cookie': `pw_token=${token}; HttpOnly; SameSite=Strict; Path=/`,
      });
      return res.end();
    }
    const cookie = cookieToken(req);
    if (!cookie || !sameSecret(cookie, token)) {
      return refuse(res, 401, 'this Pipewright server needs its token: open the URL pipewright serve printed');
    }

    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
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
    if (req.method === 'HEAD') return res.end();
    createReadStream(target).pipe(res);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      origin = `http://${shown}:${port}`;
      resolve({
        server,
        url: origin,
        loginUrl: `${origin}/?token=${token}`,
        token,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}
