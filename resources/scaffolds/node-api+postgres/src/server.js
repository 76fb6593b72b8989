import { createServer } from 'node:http';
import { createApp } from './app.js';
import { memoryStore, postgresStore } from './store.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
// PostgreSQL when DATABASE_URL names one (postgresql://user:password@host:5432/db), else memory.
const store = process.env.DATABASE_URL ? await postgresStore(process.env.DATABASE_URL) : memoryStore();
const server = createServer(createApp(store));

server.listen(port, host, () => {
  console.log(`listening on http://${host}:${server.address().port}`);
});

// Containers stop their apps with SIGTERM: close at once instead of waiting to be killed.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => store.close().finally(() => process.exit(0))));
}
