/**
 * The Dockerfile the offline devops agent writes for each scaffold it knows: the part's folder
 * copied in, a non-root user, the port, and a health check that asks the app itself.
 */
const nodeHealth = (port: number, path: string) =>
  `HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:${port}${path}').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"`;

const DOCKERFILES: Record<string, (folder: string) => string> = {
  'node-api': (folder) =>
    [
      'FROM node:22-slim',
      'WORKDIR /app',
      `COPY ${folder}/ ./`,
      'ENV NODE_ENV=production PORT=3000',
      'USER node',
      'EXPOSE 3000',
      nodeHealth(3000, '/health'),
      'CMD ["node", "src/server.js"]',
    ].join('\n'),
  'python-api': (folder) =>
    [
      'FROM python:3.12-slim',
      'WORKDIR /app',
      `COPY ${folder}/ ./`,
      'RUN pip install --no-cache-dir -r requirements.txt && useradd --system --uid 10001 app',
      'ENV PORT=8000',
      'USER app',
      'EXPOSE 8000',
      `HEALTHCHECK --interval=10s --timeout=3s CMD python3 -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health').status == 200 else 1)"`,
      'CMD ["python3", "app.py"]',
    ].join('\n'),
  'static-site': (folder) =>
    [
      'FROM node:22-slim',
      'WORKDIR /app',
      `COPY ${folder}/ ./`,
      'ENV PORT=8080',
      'USER node',
      'EXPOSE 8080',
      nodeHealth(8080, '/'),
      'CMD ["node", "server.js"]',
    ].join('\n'),
};

/** The Dockerfile for a part made from `stack` in `folder`, or undefined for a stack it does not know. */
export function offlineDockerfile(stack: string, folder: string): string | undefined {
  const make = DOCKERFILES[stack];
  return make ? `${make(folder)}\n` : undefined;
}
