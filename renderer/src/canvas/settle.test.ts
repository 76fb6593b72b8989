import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settler } from './settle';

describe('settling after the view stops moving', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires once, only after the pokes have stopped for the whole wait', () => {
    const fn = vi.fn();
    const s = settler(150, fn);
    for (let i = 0; i < 20; i++) {
      s.poke();
      vi.advanceTimersByTime(16);
    }
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(133);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('fires again after a later move, and never once cancelled', () => {
    const fn = vi.fn();
    const s = settler(150, fn);
    s.poke();
    vi.advanceTimersByTime(150);
    s.poke();
    vi.advanceTimersByTime(150);
    expect(fn).toHaveBeenCalledTimes(2);
    s.poke();
    s.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});
