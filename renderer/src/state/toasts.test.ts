import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reportError, TOAST_MS, useUi } from './ui';

const ui = () => useUi.getState();

beforeEach(() => {
  vi.useFakeTimers();
  useUi.setState({ toasts: [] });
});
afterEach(() => vi.useRealTimers());

describe('toasts', () => {
  it('an info or success toast leaves by itself', () => {
    ui().toast('success', 'Saved revision 2');
    expect(ui().toasts.map((t) => t.text)).toEqual(['Saved revision 2']);
    vi.advanceTimersByTime(TOAST_MS);
    expect(ui().toasts).toEqual([]);
  });

  it('an error stays until read, then leaves', () => {
    ui().toast('error', 'the disk is full');
    vi.advanceTimersByTime(TOAST_MS * 20);
    const [toast] = ui().toasts;
    expect(toast).toMatchObject({ kind: 'error', text: 'the disk is full' });
    ui().readToast(toast.id);
    vi.advanceTimersByTime(TOAST_MS);
    expect(ui().toasts).toEqual([]);
  });

  it('a burst of the same error is one toast with a count', () => {
    for (let i = 0; i < 5; i++) ui().toast('error', 'a text output cannot feed a workspace input');
    ui().toast('error', 'something else');
    expect(ui().toasts.map((t) => [t.text, t.count])).toEqual([
      ['a text output cannot feed a workspace input', 5],
      ['something else', 1],
    ]);
  });

  it('shows an error from main without the name of the call', () => {
    reportError(new Error('runs.start: there is no project "p"'));
    expect(ui().toasts[0].text).toBe('there is no project "p"');
  });
});
