import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, cookieToken, refusal, type AccessPolicy } from '../access';
import { RestError, sendError, sendJson } from './http';
import { OPENAPI_PATH, openApiDocument } from './openapi';
import { ROUTES, type RestDeps, type Route } from './routes';

/** Where the HTTP API lives on `pipewright serve`. */
export const REST_PREFIX = '/api/v1';

export interface RestApi {
  /** Whether `pathname` belongs to the API (then `handle` answers it, whatever it is). */
  owns(pathname: string): boolean;
  /** Answers one request; never rejects: every failure is this request's error answer. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, policy: AccessPolicy): Promise<void>;
}

interface Matched {
  route?: Route;
  params: Record<string, string>;
  allowed: string[];
}

function match(method: string, path: string): Matched {
  const parts = path.split('/').slice(1);
  const allowed: string[] = [];
  for (const route of ROUTES) {
    const pattern = route.path.split('/').slice(1);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const fits = pattern.every((p, i) => {
      if (!p.startsWith('{')) return p === parts[i];
      if (parts[i] === '') return false;
      let value: string;
      try {
        value = decodeURIComponent(parts[i]);
      } catch {
        throw new RestError(400, `the path segment "${parts[i]}" is not valid percent-encoded UTF-8`);
      }
      params[p.slice(1, -1)] = value;
      return true;
    });
    if (!fits) continue;
    // HEAD is GET without the body (Node leaves the body out), as HTTP asks of every GET.
    if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { route, params, allowed };
    allowed.push(...(route.method === 'GET' ? ['GET', 'HEAD'] : [route.method]));
  }
  return { params: {}, allowed };
}

/**
 * The HTTP API over the same runs and store as the UI's contract: JSON in and out, the token as
 * `Authorization: Bearer` (or the UI's cookie), and the host and origin checks of every request.
 */
export function createRestApi(deps: RestDeps): RestApi {
  let openapi: unknown;

  async function answer(req: IncomingMessage, res: ServerResponse, url: URL, policy: AccessPolicy): Promise<void> {
    const refused = refusal(req, policy, { allowBearer: true });
    if (refused) {
      const message =
        refused.status !== 401
          ? refused.text
          : `${(bearerToken(req) ?? cookieToken(req)) === undefined ? 'this Pipewright server needs its token' : 'wrong token'}: send Authorization: Bearer <token> (the token pipewright serve printed)`;
      throw new RestError(refused.status, message, undefined, refused.status === 401 ? { 'www-authenticate': 'Bearer realm="pipewright"' } : {});
    }
    const path = url.pathname.slice(REST_PREFIX.length) || '/';
    if (path === OPENAPI_PATH) {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new RestError(405, `${req.method} is not allowed on ${url.pathname}: use GET`, undefined, { allow: 'GET, HEAD' });
      openapi ??= openApiDocument();
      return sendJson(res, 200, openapi);
    }
    const { route, params, allowed } = match(req.method ?? '', path);
    if (!route) {
      if (allowed.length) {
        throw new RestError(405, `${req.method} is not allowed on ${url.pathname}: use ${allowed.join(' or ')}`, undefined, { allow: allowed.join(', ') });
      }
      throw new RestError(404, `no API route ${url.pathname}: GET ${REST_PREFIX}/openapi.json lists them`);
    }
    const result = await route.handle(deps, { params, url, req, res });
    if (result) sendJson(res, result.status, result.body, result.headers);
  }

  return {
    owns: (pathname) => pathname === REST_PREFIX || pathname.startsWith(`${REST_PREFIX}/`),
    async handle(req, res, url, policy) {
      try {
        await answer(req, res, url, policy);
      } catch (err) {
        if (!(err instanceof RestError)) {
          console.error(`pipewright: ${req.method} ${url.pathname} failed:`, err instanceof Error ? err.message : err);
        }
        const refusal = err instanceof RestError ? err : new RestError(500, `${req.method} ${url.pathname} failed: ${err instanceof Error ? err.message : String(err)}`);
        if (res.headersSent) res.destroy();
        else {
          try {
            sendError(res, refusal);
          } catch {
            res.destroy();
          }
        }
      }
    },
  };
}
