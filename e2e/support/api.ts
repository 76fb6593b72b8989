import WebSocket from 'ws';
import type { ServeProcess } from './server';

/**
 * Calls the contract over the WebSocket of a running `pipewright serve`, as the UI does: for
 * setting up what a journey starts from (a big pipeline) without drawing it by hand.
 */
export async function callServe(serve: ServeProcess, calls: { name: string; input: unknown }[]): Promise<unknown[]> {
  const ws = new WebSocket(`${serve.url.replace(/^http/, 'ws')}/api`, { headers: { origin: serve.url, cookie: `pw_token=${serve.token}` } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  try {
    const results: unknown[] = [];
    for (const [i, { name, input }] of calls.entries()) {
      results.push(
        await new Promise((resolve, reject) => {
          const onMessage = (data: WebSocket.RawData) => {
            const msg = JSON.parse(String(data));
            // Events arrive on the same socket: wait for this call's answer.
            if (msg.type !== 'result' || msg.id !== i + 1) return;
            ws.off('message', onMessage);
            if (msg.result.ok) resolve(msg.result.value);
            else reject(new Error(`${name}: ${msg.result.error.message}`));
          };
          ws.on('message', onMessage);
          ws.send(JSON.stringify({ type: 'call', id: i + 1, name, input }));
        }),
      );
    }
    return results;
  } finally {
    ws.close();
  }
}
