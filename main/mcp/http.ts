import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { bearerToken, refusal, sameSecret, type AccessPolicy } from '../server/access';
import { readJsonBody, RestError } from '../server/rest/http';
import type { PipewrightMcp } from './mcp-server';

/** The path `pipewright serve` answers MCP on. */
export const MCP_PATH = '/mcp';

function refuse(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(`${text}\n`);
}


/**
 * Answers one request to /mcp with the streamable HTTP transport, stateless: each request gets
 * its own protocol server, and a tool call's progress and result come back on that request's
 * event stream. The caller must name this server's host, come from no other origin, and carry
 * the serve token as `Authorization: Bearer <token>` (a program has no cookie). When the
 * connection ends before the answer, the run it started is cancelled: nobody is left to read it.
 */
export async function handleMcpRequest(mcp: PipewrightMcp, req: IncomingMessage, res: ServerResponse, policy: AccessPolicy): Promise<void> {
  const wrongPlace = refusal(req, policy);
  // The cookie check in refusal() is the browser's door; here the token comes as a bearer.
  if (wrongPlace && wrongPlace.status !== 401) return refuse(res, wrongPlace.status, wrongPlace.text);
  const token = bearerToken(req);
  if (token === undefined || !sameSecret(token, policy.token)) {
    return refuse(res, 401, `${MCP_PATH} needs the token pipewright serve printed, as the header Authorization: Bearer <token>`, {
      'www-authenticate': 'Bearer realm="pipewright"',
    });
  }
  if (req.method !== 'POST') {
    // Stateless: there is no session whose messages a GET stream could carry, or a DELETE end; a
    // GET stream would stay open with nothing ever on it. The transport's clients expect a 405 here.
    res.writeHead(405, { 'content-type': 'application/json', allow: 'POST' });
    res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: `${req.method} is not allowed on ${MCP_PATH}: send each message as a POST` }, id: null }));
    return;
  }
  // Read here with the HTTP API's limit: the transport would read a body of any size.
  let body: unknown;
  try {
    body = await readJsonBody(req);
  } catch (err) {
    if (!(err instanceof RestError)) throw err;
    return refuse(res, err.status, `${MCP_PATH}: ${err.message}`, err.headers);
  }
  const server = mcp.newServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.once('close', () => {
    void transport.close().catch(() => undefined);
    void server.close().catch(() => undefined);
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}

/** What `pipewright serve` mounts at /mcp. */
export interface McpEndpoint {
  handle(req: IncomingMessage, res: ServerResponse, policy: AccessPolicy): void;
}

export function mcpEndpoint(mcp: PipewrightMcp): McpEndpoint {
  return {
    handle: (req, res, policy) => {
      handleMcpRequest(mcp, req, res, policy).catch((err: unknown) => {
        // One request's failure is answered on it; the server goes on.
        console.error(`pipewright: ${MCP_PATH} request failed: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) refuse(res, 500, `${MCP_PATH}: the request failed: ${err instanceof Error ? err.message : String(err)}`);
        else res.destroy();
      });
    },
  };
}
