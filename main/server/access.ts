import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface AccessPolicy {
  token: string;
  /** The server's own origin (`http://127.0.0.1:PORT`). */
  origin: string;
  /** The address the server listens on. */
  host: string;
}

export interface Refusal {
  status: number;
  text: string;
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function cookieToken(req: IncomingMessage): string | undefined {
  return /(?:^|;\s*)pw_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
}

/** The token of an `Authorization: Bearer <token>` header, how programs (not the UI) present it. */
export function bearerToken(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
}

/**
 * Checks what every request and every WebSocket upgrade must pass: it names this server's own
 * host (a DNS-rebinding page names another), it comes from this origin when a browser says
 * where it comes from, and it carries the token cookie. Returns why it is refused, or undefined.
 */
export function refusal(
  req: IncomingMessage,
  policy: AccessPolicy,
  { needOrigin = false, allowBearer = false } = {},
): Refusal | undefined {
  const ownHost = new URL(policy.origin).host;
  if (req.headers.host !== ownHost && LOOPBACK.has(policy.host)) {
    const named = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    if (!LOOPBACK.has(named)) return { status: 421, text: 'this server answers only to its own address' };
  }
  const origin = req.headers.origin;
  // Browsers always send Origin on a WebSocket upgrade; a missing one there is not a browser page of ours.
  if ((origin && origin !== policy.origin) || (needOrigin && !origin)) {
    return { status: 403, text: 'requests from other origins are refused' };
  }
  // A program sends the token as a Bearer header; the UI's cookie is accepted there too.
  const bearer = allowBearer ? bearerToken(req) : undefined;
  if (bearer !== undefined) {
    return sameSecret(bearer, policy.token)
      ? undefined
      : { status: 401, text: 'wrong token: send the token pipewright serve printed as Authorization: Bearer <token>' };
  }
  const cookie = cookieToken(req);
  if (!cookie || !sameSecret(cookie, policy.token)) {
    return { status: 401, text: 'this Pipewright server needs its token: open the URL pipewright serve printed' };
  }
  return undefined;
}
