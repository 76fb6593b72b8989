/**
 * A small static file server run with Node (see staticServerNode) when a static site is
 * deployed without Docker. It is handed over in an environment variable so no file has
 * to be written into the workspace and nothing needs shell quoting.
 */
export const STATIC_SERVER_JS = `
const http = require('node:http'), fs = require('node:fs'), path = require('node:path');
const root = fs.realpathSync(process.cwd());
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8' };
// The workspace holds more than the site: how it is built (Dockerfile, .dockerignore) and dot
// files and folders (.git, .env) are not served; .well-known is part of the site.
const hidden = (rel) => rel === 'Dockerfile' || rel.split(path.sep).some((part) => part.startsWith('.') && part !== '.well-known');
http.createServer((req, res) => {
  let rel;
  try { rel = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { res.writeHead(400).end(); return; }
  let file = path.join(root, rel);
  try {
    file = fs.realpathSync(file);
    if (file !== root && !file.startsWith(root + path.sep)) throw new Error('outside');
    if (hidden(path.relative(root, file)) || hidden(path.relative(root, path.join(root, rel)))) throw new Error('not part of the site');
    if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    const body = fs.readFileSync(file);
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' }).end(body);
    console.log(req.method + ' ' + req.url + ' 200');
  } catch {
    res.writeHead(404).end('not found');
    console.log(req.method + ' ' + req.url + ' 404');
  }
}).listen(Number(process.env.PORT), process.env.HOST, () => console.log('serving ' + root + ' on ' + process.env.HOST + ':' + process.env.PORT));
`;
