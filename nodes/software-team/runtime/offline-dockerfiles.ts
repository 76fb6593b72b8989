import path from 'node:path';
import { detectStack } from '../../sdk/node/detect-stack';
import { dockerfileFor } from '../../sdk/node/dockerfile';

/**
 * The Dockerfile the offline devops agent writes for each scaffold it knows: built on the
 * configured image of the part's language, the part's folder copied in, a non-root user (by
 * number: a minimal image may have no user names), the port, and a health check that asks the
 * app itself. Compiled languages get Build & Deploy's multi-stage Dockerfile, pointed at the
 * part's folder.
 */
const nodeHealth = (port: number, path: string) =>
  `HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:${port}${path}').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"`;

/** Per scaffold: the image (by its name in the definition) and the Dockerfile on it. */
const DOCKERFILES: Record<string, { image: 'node' | 'python'; text: (image: string, folder: string) => string }> = {
  'node-api': {
    image: 'node',
    text: (image, folder) =>
      [`FROM ${image}`, 'WORKDIR /app', `COPY ${folder}/ ./`, 'ENV NODE_ENV=production PORT=3000', 'USER 10001', 'EXPOSE 3000', nodeHealth(3000, '/health'), 'CMD ["node", "src/server.js"]'].join('\n'),
  },
  'python-api': {
    image: 'python',
    text: (image, folder) =>
      [
        `FROM ${image}`,
        'WORKDIR /app',
        `COPY ${folder}/ ./`,
        'ENV PORT=8000',
        'USER 10001',
        'EXPOSE 8000',
        `HEALTHCHECK --interval=10s --timeout=3s CMD python3 -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health').status == 200 else 1)"`,
        'CMD ["python3", "app.py"]',
      ].join('\n'),
  },
  'static-site': {
    image: 'node',
    text: (image, folder) =>
      [`FROM ${image}`, 'WORKDIR /app', `COPY ${folder}/ ./`, 'ENV PORT=8080', 'USER 10001', 'EXPOSE 8080', nodeHealth(8080, '/'), 'CMD ["node", "server.js"]'].join('\n'),
  },
};

/** The scaffolds of compiled languages: built in one stage, run from a small final one. */
const COMPILED = new Set(['go-api', 'java-api', 'rust-api']);

/** Whether the offline devops agent knows how to package a part made from `stack`. */
export const hasOfflineDockerfile = (stack: string): boolean => Object.hasOwn(DOCKERFILES, stack) || COMPILED.has(stack);

/**
 * The Dockerfile for a part made from `stack` in `folder` of the workspace `root`, or undefined
 * for a stack it does not know; `imageOf` gives the configured image of a name (node, python,
 * go, java, javaRuntime, rust, static).
 */
export function offlineDockerfile(stack: string, root: string, folder: string, imageOf: (name: string) => string): string | undefined {
  if (COMPILED.has(stack)) {
    const detected = detectStack(path.join(root, folder));
    return dockerfileFor(detected, imageOf(detected.kind), imageOf, { from: folder });
  }
  const found = DOCKERFILES[stack];
  return found ? `${found.text(imageOf(found.image), folder)}\n` : undefined;
}

/** Kept out of the build context: what the parts' tests left (Rust's and Maven's target/ hold hundreds of MB). */
export const TEAM_DOCKERIGNORE = `# Written by Pipewright: kept out of the image build.
.git
**/node_modules
**/target
**/.venv
**/__pycache__
**/*.pyc
**/.env
**/.env.*
`;
