import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/*
 * Small apps as a code generator would leave them: no Dockerfile, nothing installed. Tests and
 * bench/deploy deploy them.
 */

export async function writeFiles(dir: string, files: Record<string, string>): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

/** A Node app that answers `body` on every path, on $PORT. */
export function nodeApp(body: string): Record<string, string> {
  return {
    'package.json': JSON.stringify({ name: 'hello-node', version: '1.0.0', private: true, scripts: { start: 'node server.js' } }, null, 2),
    'server.js': `const http = require('node:http');
const port = Number(process.env.PORT) || 3000;
http.createServer((req, res) => {
  console.log(req.method + ' ' + req.url);
  res.end(${JSON.stringify(body)});
}).listen(port, () => console.log('listening on ' + port));
`,
  };
}

/** A Python app (standard library only) that answers `body` on $HOST:$PORT. */
export function pythonApp(body: string): Record<string, string> {
  return {
    'requirements.txt': '# standard library only\n',
    'app.py': `import os
from http.server import BaseHTTPRequestHandler, HTTPServer

class Hello(BaseHTTPRequestHandler):
    def do_GET(self):
        data = ${JSON.stringify(body)}.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

HTTPServer((os.environ.get("HOST", "0.0.0.0"), int(os.environ.get("PORT", "8000"))), Hello).serve_forever()
`,
  };
}

export function staticSite(body: string): Record<string, string> {
  return { 'index.html': `<!doctype html><title>site</title><h1>${body}</h1>\n`, 'about/index.html': '<p>about</p>\n' };
}
