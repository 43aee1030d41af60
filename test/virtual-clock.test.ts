import { describe, expect, it } from 'vitest';
import { VirtualClock } from './support/virtual-clock.js';

describe('VirtualClock (test support)', () => {
  it('wakes concurrent sleepers in time order, only when time is advanced', async () => {
    const clock = new VirtualClock(0);
    const woke: Array<[string, number]> = [];
    void clock.sleep(300).then(() => woke.push(['b', clock.now()]));
    void clock.sleep(100).then(() => woke.push(['a', clock.now()]));
    await clock.advance(50);
    expect(woke).toEqual([]);
    await clock.advance(1000);
    expect(woke).toEqual([['a', 100], ['b', 300]]);
    expect(clock.now()).toBe(1050);
  });

  it('fires timers a woken sleeper schedules within the same advance', async () => {
    const clock = new VirtualClock(0);
    const loop = async () => {
      for (let i = 0; i < 3; i++) await clock.sleep(10);
      return clock.now();
    };
    const at = loop();
    await clock.advance(30);
    await expect(at).resolves.toBe(30);
  });

  it('cancelled timers never fire; runUntilSettled advances only as far as needed', async () => {
    const clock = new VirtualClock(0);
    let fired = false;
    const timer = clock.setTimeout(() => (fired = true), 10);
    timer.cancel();
    await clock.advance(100);
    expect(fired).toBe(false);
    const value = await clock.runUntilSettled(clock.sleep(5_000).then(() => 'done'));
    expect(value).toBe('done');
    expect(clock.now()).toBe(5_100);
    await expect(clock.runUntilSettled(new Promise(() => undefined), 1_000)).rejects.toThrow(/did not settle/);
  });
});
