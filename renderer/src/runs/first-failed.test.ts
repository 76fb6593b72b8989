import { describe, expect, it } from 'vitest';
import { firstFailed } from './first-failed';

describe('the first failed node of a run', () => {
  it('is the failed node that started first, not the first in the list', () => {
    expect(
      firstFailed({
        ok: { status: 'succeeded', startedAt: 1 },
        late: { status: 'failed', startedAt: 30, error: 'b' },
        early: { status: 'failed', startedAt: 10, error: 'a' },
        skipped: { status: 'skipped' },
      }),
    ).toBe('early');
  });

  it('is none when nothing failed', () => {
    expect(firstFailed({ a: { status: 'succeeded', startedAt: 1 }, b: { status: 'skipped' } })).toBeUndefined();
  });
});
