import { describe, expect, it } from 'vitest';
import { baseImagesOf } from './dockerfile-from';

describe('baseImagesOf', () => {
  it('names the images each stage builds on, not earlier stages, scratch or build arguments', () => {
    const text = [
      'ARG V=20',
      'FROM --platform=linux/amd64 node:20-slim AS build',
      'RUN npm ci',
      'FROM build AS test',
      'FROM node:${V}',
      'from \\',
      '  busybox:1.36',
      'FROM scratch',
      'COPY --from=build /app /app',
    ].join('\n');
    expect(baseImagesOf(text)).toEqual(['node:20-slim', 'busybox:1.36']);
  });
});
