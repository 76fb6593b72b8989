import { createServer } from 'node:http';
import { createApp } from './app.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const server = createServer(createApp());

server.listen(port, host, () => {
  console.log(`listening on http://${host}:${server.address().port}`);
});

// Containers stop their apps with SIGTERM: close at once instead of waiting to be killed.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
