import { describe, expect, it } from 'vitest';
import { BUNDLED_PRICES, costOf, isLocalEndpoint, priceAt, priceOf } from './prices';

describe('price table', () => {
  it('finds a model by exact name, without a provider prefix, or by its dated variant', () => {
    expect(priceOf(BUNDLED_PRICES, 'gpt-4o')).toEqual({ input: 2.5, output: 10 });
    expect(priceOf(BUNDLED_PRICES, 'openai/gpt-4o-mini')).toEqual({ input: 0.15, output: 0.6 });
    expect(priceOf(BUNDLED_PRICES, 'gpt-4o-mini-2024-07-18')).toEqual({ input: 0.15, output: 0.6 });
    expect(priceOf(BUNDLED_PRICES, 'gpt-4o-2024-08-06')).toEqual({ input: 2.5, output: 10 });
    expect(priceOf(BUNDLED_PRICES, 'gpt-4oo')).toBeUndefined();
  });

  it('prices local models at 0 unless the table names them, and hosted unknown ones as unknown', () => {
    expect(priceAt(BUNDLED_PRICES, 'http://localhost:11434/v1', 'llama3.1:8b')).toEqual({ input: 0, output: 0 });
    expect(priceAt(BUNDLED_PRICES, 'http://192.168.1.20:8000/v1', 'Qwen/Qwen2.5-Coder-7B')).toEqual({ input: 0, output: 0 });
    // A LiteLLM proxy on this machine forwarding to a paid model still costs money.
    expect(priceAt(BUNDLED_PRICES, 'http://127.0.0.1:4000', 'openai/gpt-4.1')).toEqual({ input: 2, output: 8 });
    expect(priceAt(BUNDLED_PRICES, 'https://api.example.com/v1', 'mystery')).toBeUndefined();
    expect(isLocalEndpoint('http://[::1]:8080/v1')).toBe(true);
    expect(isLocalEndpoint('https://api.openai.com/v1')).toBe(false);
  });

  it('counts dollars per million tokens', () => {
    expect(costOf({ input: 2, output: 8 }, 1_000_000, 500_000)).toBe(6);
  });
});
