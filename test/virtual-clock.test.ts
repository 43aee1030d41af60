import { readFile } from 'node:fs/promises';
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
    await expect(clock.runUntilSettled(new Promise(() => undefined), 1_000, 50)).rejects.toThrow(/did not settle/);
  });

  it('runUntilSettled waits for real I/O in flight while no timer is pending', async () => {
    const clock = new VirtualClock(0);
    const read = readFile(new URL(import.meta.url), 'utf8').then((text) => clock.sleep(10).then(() => text.length));
    await expect(clock.runUntilSettled(read)).resolves.toBeGreaterThan(0);
    expect(clock.now()).toBe(10);
  });
});

describe('VirtualClock: many sleepers', () => {
  it('fires thousands of timers in (time, creation) order, skipping cancelled ones', async () => {
    const clock = new VirtualClock(0);
    const fired: number[] = [];
    const delays = Array.from({ length: 2000 }, (_, i) => (i * 7919) % 1000);
    const timers = delays.map((ms, i) => clock.setTimeout(() => fired.push(i), ms));
    for (let i = 0; i < timers.length; i += 3) timers[i]!.cancel();
    expect(clock.pending).toBe(2000 - Math.ceil(2000 / 3));
    await clock.advance(1000);
    const expected = delays.map((ms, i) => ({ ms, i })).filter(({ i }) => i % 3 !== 0).sort((a, b) => a.ms - b.ms || a.i - b.i).map(({ i }) => i);
    expect(fired).toEqual(expected);
    expect(clock.pending).toBe(0);
  });
});

describe('VirtualClock.installGlobals', () => {
  it('Date and the global timers follow virtual time until uninstalled', async () => {
    const clock = new VirtualClock('2030-01-01T00:00:00Z');
    const realDate = Date;
    const uninstall = clock.installGlobals();
    const seen: string[] = [];
    try {
      expect(Date.now()).toBe(Date.parse('2030-01-01T00:00:00Z'));
      expect(new Date().toISOString()).toBe('2030-01-01T00:00:00.000Z');
      expect(new Date(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
      expect(new Date() instanceof realDate).toBe(true);
      expect(typeof Date()).toBe('string');
      const cleared = setTimeout(() => seen.push('cleared'), 10);
      clearTimeout(cleared);
      setTimeout((what: string) => seen.push(`${what} at ${new Date().toISOString()}`), 1500, 'timeout');
      const interval = setInterval(() => {
        seen.push(`tick ${Date.now() - Date.parse('2030-01-01T00:00:00Z')}`);
        if (seen.filter((s) => s.startsWith('tick')).length === 3) clearInterval(interval);
      }, 1000);
      expect(typeof setTimeout(() => undefined, 1).unref).toBe('function');
      await clock.advance(10_000);
    } finally {
      uninstall();
    }
    expect(Date).toBe(realDate);
    expect(seen).toEqual(['tick 1000', 'timeout at 2030-01-01T00:00:01.500Z', 'tick 2000', 'tick 3000']);
    expect(clock.pending).toBe(0);
  });
});
