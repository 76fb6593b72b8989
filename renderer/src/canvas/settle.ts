/**
 * Calls `fn` once the calls to `poke()` have stopped for `ms`. A pan pokes on every frame, and
 * clearing and setting a timer each time showed up in the canvas's profile; here a poke only
 * notes the time, and the one timer, when it fires early, waits out what is left.
 */
export function settler(ms: number, fn: () => void): { poke(): void; cancel(): void } {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    const left = last + ms - Date.now();
    if (left > 0) {
      timer = setTimeout(fire, left);
      return;
    }
    timer = undefined;
    fn();
  };
  return {
    poke() {
      last = Date.now();
      timer ??= setTimeout(fire, ms);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
