import { describe, expect, it } from 'vitest';
import { appUrl } from './app-url';

describe('the packaged app URL', () => {
  const own = appUrl('file:///opt/Pipewright/resources/app.asar/out/renderer/index.html');

  it('accepts the app page, with any query or fragment', () => {
    expect(own.isOwn('file:///opt/Pipewright/resources/app.asar/out/renderer/index.html')).toBe(true);
    expect(own.isOwn('file:///opt/Pipewright/resources/app.asar/out/renderer/index.html#/runs/4')).toBe(true);
    expect(own.isOwn('file:///opt/Pipewright/resources/app.asar/out/renderer/index.html?project=1')).toBe(true);
  });

  it('refuses other files, websites and malformed URLs', () => {
    expect(own.isOwn('file:///etc/passwd')).toBe(false);
    expect(own.isOwn('file:///home/me/Downloads/index.html')).toBe(false);
    expect(own.isOwn('file:///opt/Pipewright/resources/app.asar/out/renderer/other.html')).toBe(false);
    expect(own.isOwn('https://example.com/')).toBe(false);
    expect(own.isOwn('about:blank')).toBe(false);
    expect(own.isOwn('')).toBe(false);
    expect(own.isOwn('not a url')).toBe(false);
  });
});

describe('the dev server URL', () => {
  const own = appUrl('http://localhost:5173/');

  it('accepts any path on the dev server', () => {
    expect(own.isOwn('http://localhost:5173/')).toBe(true);
    expect(own.isOwn('http://localhost:5173/src/main.tsx')).toBe(true);
  });

  it('refuses another port, host or scheme', () => {
    expect(own.isOwn('http://localhost:5174/')).toBe(false);
    expect(own.isOwn('http://127.0.0.1.evil.test:5173/')).toBe(false);
    expect(own.isOwn('https://localhost:5173/')).toBe(false);
    expect(own.isOwn('file:///index.html')).toBe(false);
  });
});

it('refuses to treat a javascript: URL as the app', () => {
  expect(() => appUrl('javascript:alert(1)')).toThrow(/must be a file: or http\(s\): URL/);
});
