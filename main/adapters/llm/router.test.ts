import { describe, expect, it } from 'vitest';
import { resolveRoute, type EndpointsSetting } from './router';

const endpoints: EndpointsSetting = {
  local: { baseUrl: 'http://localhost:11434/v1', model: 'qwen' },
  cloud: { baseUrl: 'https://api.openai.com/v1', model: 'gpt-4.1-mini', apiKeySecret: 'OPENAI' },
};

describe('router', () => {
  it('picks the most specific route: exact task and complexity, then exact task, then complexity, then any', () => {
    const router = {
      routes: [
        { task: '*' as const, complexity: '*' as const, use: [{ endpoint: 'local' }] },
        { task: '*' as const, complexity: 'complex' as const, use: [{ endpoint: 'cloud', model: 'gpt-4.1' }] },
        { task: 'planning' as const, complexity: '*' as const, use: [{ endpoint: 'cloud' }] },
        { task: 'planning' as const, complexity: 'simple' as const, use: [{ endpoint: 'local' }, { endpoint: 'cloud' }] },
      ],
    };
    const pick = (task: 'planning' | 'chat', complexity: 'simple' | 'medium' | 'complex') =>
      resolveRoute(endpoints, router, task, complexity).map((e) => `${e.name}:${e.model}`);
    expect(pick('planning', 'simple')).toEqual(['local:qwen', 'cloud:gpt-4.1-mini']);
    expect(pick('planning', 'complex')).toEqual(['cloud:gpt-4.1-mini']);
    expect(pick('chat', 'complex')).toEqual(['cloud:gpt-4.1']);
    expect(pick('chat', 'medium')).toEqual(['local:qwen']);
  });

  it('uses the endpoint named default, or the only one, when no route matches', () => {
    expect(resolveRoute({ only: endpoints.local }, undefined, 'chat', 'simple').map((e) => e.name)).toEqual(['only']);
    expect(resolveRoute({ ...endpoints, default: endpoints.cloud }, { routes: [] }, 'chat', 'simple').map((e) => e.name)).toEqual(['default']);
    expect(() => resolveRoute(endpoints, undefined, 'chat', 'simple')).toThrow(
      'no route for chat/simple among the 2 configured endpoints (local, cloud): add one with pipewright endpoint route chat simple <name>, or name one endpoint "default"',
    );
  });

  it('names a route whose endpoint is gone', () => {
    expect(() => resolveRoute(endpoints, { routes: [{ task: 'chat', complexity: '*', use: [{ endpoint: 'gone' }] }] }, 'chat', 'simple')).toThrow(
      'the route for chat/* names the endpoint "gone", which is not configured',
    );
  });
});
