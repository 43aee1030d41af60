// The refresh primitive (src/refresh.ts) on a fake clock: single flight, the advisory window in both
// modes, the mandatory window, the backoff between attempts, and never an expired value.
import { describe, expect, it } from 'vitest';
import { KeyedRefreshers, Refresher, RefreshBackoffError, type Expiring, type RefreshPolicy } from '../src/refresh.js';

const POLICY: RefreshPolicy = { advisoryMs: 300, mandatoryMs: 10, backoffMs: 50, advisory: 'background', unusableInBackoff: 'retry' };

function setup(policy: Partial<RefreshPolicy> = {}) {
  const clock = { now: 1_000 };
  const refresher = new Refresher<string>({ ...POLICY, ...policy }, () => clock.now);
  let fetches = 0;
  let next: () => Promise<Expiring<string>> = async () => ({ value: `v${fetches}`, expiresAt: clock.now + 1_000 });
  const fetch = () => {
    fetches++;
    return next();
  };
  return {
    clock,
    refresher,
    fetch,
    fetches: () => fetches,
    answer(f: () => Promise<Expiring<string>>) {
      next = f;
    },
  };
}

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
};

describe('Refresher', () => {
  it('fetches once, then hands out the held value while more than the advisory window is left', async () => {
    const t = setup();
    expect(await t.refresher.get(t.fetch)).toBe('v1');
    t.clock.now += 600;
    expect(await t.refresher.get(t.fetch)).toBe('v1');
    expect(t.fetches()).toBe(1);
  });

  it('shares one fetch among concurrent callers (single flight)', async () => {
    const t = setup();
    const g = gate();
    t.answer(async () => {
      await g.opened;
      return { value: 'shared', expiresAt: t.clock.now + 1_000 };
    });
    const all = Promise.all(Array.from({ length: 100 }, () => t.refresher.get(t.fetch)));
    g.open();
    expect(new Set(await all)).toEqual(new Set(['shared']));
    expect(t.fetches()).toBe(1);
  });

  it('background mode: inside the advisory window the current value comes back at once and one refresh starts behind it', async () => {
    const t = setup();
    await t.refresher.get(t.fetch);
    t.clock.now += 800; // 200 left: advisory
    const g = gate();
    t.answer(async () => {
      await g.opened;
      return { value: 'fresh', expiresAt: t.clock.now + 1_000 };
    });
    expect(await t.refresher.get(t.fetch)).toBe('v1');
    expect(await t.refresher.get(t.fetch)).toBe('v1');
    expect(t.fetches()).toBe(2);
    g.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await t.refresher.get(t.fetch)).toBe('fresh');
  });

  it('background mode: a failed background refresh is reported, the current value stays, and no retry starts within the backoff', async () => {
    const t = setup();
    await t.refresher.get(t.fetch);
    t.clock.now += 800;
    t.answer(async () => Promise.reject(new Error('down')));
    const failures: unknown[] = [];
    expect(await t.refresher.get(t.fetch, { onBackgroundFailure: (e) => failures.push(e) })).toBe('v1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures).toHaveLength(1);
    t.clock.now += 49;
    expect(await t.refresher.get(t.fetch)).toBe('v1');
    expect(t.fetches()).toBe(2);
    t.clock.now += 1;
    await t.refresher.get(t.fetch, { onBackgroundFailure: () => undefined });
    expect(t.fetches()).toBe(3);
  });

  it('never hands out a value inside the mandatory window: callers wait, and a failure is thrown, not the old value', async () => {
    const t = setup();
    await t.refresher.get(t.fetch);
    t.clock.now += 995; // 5 left: mandatory
    t.answer(async () => Promise.reject(new Error('down')));
    await expect(t.refresher.get(t.fetch)).rejects.toThrow('down');
    t.answer(async () => ({ value: 'back', expiresAt: t.clock.now + 1_000 }));
    expect(await t.refresher.get(t.fetch)).toBe('back');
  });

  it('retry mode: an unusable value is fetched again at once even within the backoff', async () => {
    const t = setup();
    await t.refresher.get(t.fetch);
    t.clock.now += 995;
    t.answer(async () => Promise.reject(new Error('down')));
    await expect(t.refresher.get(t.fetch)).rejects.toThrow('down');
    await expect(t.refresher.get(t.fetch)).rejects.toThrow('down');
    expect(t.fetches()).toBe(3);
  });

  it('fail mode: an unusable value within the backoff throws RefreshBackoffError without a fetch', async () => {
    const t = setup({ unusableInBackoff: 'fail' });
    const expired = { value: 'old', expiresAt: t.clock.now - 1 };
    t.answer(async () => Promise.reject(new Error('refused')));
    await expect(t.refresher.get(t.fetch, { current: expired })).rejects.toThrow('refused');
    await expect(t.refresher.get(t.fetch, { current: expired })).rejects.toBeInstanceOf(RefreshBackoffError);
    expect(t.fetches()).toBe(1);
    t.clock.now += 50;
    await expect(t.refresher.get(t.fetch, { current: expired })).rejects.toThrow('refused');
    expect(t.fetches()).toBe(2);
  });

  it('wait mode: inside the advisory window it refreshes first, and falls back to the still-usable value when that fails', async () => {
    const t = setup({ advisory: 'wait' });
    const current = { value: 'cached', expiresAt: t.clock.now + 200 };
    t.answer(async () => Promise.reject(new Error('refused')));
    const fallbacks: unknown[] = [];
    expect(await t.refresher.get(t.fetch, { current, onFallback: (e) => fallbacks.push(e) })).toBe('cached');
    expect(fallbacks).toHaveLength(1);
    // Within the backoff: no new attempt, the current value.
    expect(await t.refresher.get(t.fetch, { current })).toBe('cached');
    expect(t.fetches()).toBe(1);
    t.clock.now += 50;
    t.answer(async () => ({ value: 'new', expiresAt: t.clock.now + 1_000 }));
    expect(await t.refresher.get(t.fetch, { current })).toBe('new');
  });

  it('wait mode: a fallback never hands out a value that became unusable while the refresh ran', async () => {
    const t = setup({ advisory: 'wait' });
    const current = { value: 'cached', expiresAt: t.clock.now + 200 };
    t.answer(async () => {
      t.clock.now += 195; // the refresh took long: 5 left, inside the mandatory window
      throw new Error('slow and refused');
    });
    await expect(t.refresher.get(t.fetch, { current })).rejects.toThrow('slow and refused');
  });

  it('force refreshes whatever is left, joining a refresh in flight', async () => {
    const t = setup();
    await t.refresher.get(t.fetch);
    const g = gate();
    t.answer(async () => {
      await g.opened;
      return { value: 'forced', expiresAt: t.clock.now + 1_000 };
    });
    const a = t.refresher.get(t.fetch, { force: true });
    const b = t.refresher.get(t.fetch, { force: true });
    g.open();
    expect([await a, await b]).toEqual(['forced', 'forced']);
    expect(t.fetches()).toBe(2);
  });

  it('a value without expiresAt never expires; invalidate() forgets it', async () => {
    const t = setup();
    t.answer(async () => ({ value: 'forever' }));
    await t.refresher.get(t.fetch);
    t.clock.now += 10 ** 12;
    expect(await t.refresher.get(t.fetch)).toBe('forever');
    t.refresher.invalidate();
    await t.refresher.get(t.fetch);
    expect(t.fetches()).toBe(2);
  });
});

describe('Refresher.fresh()', () => {
  it('is the held value only while more than the advisory window is left', async () => {
    const t = setup();
    expect(t.refresher.fresh()).toBeUndefined();
    await t.refresher.get(t.fetch);
    expect(t.refresher.fresh()).toBe('v1');
    t.clock.now += 700; // 300 left: the advisory window starts
    expect(t.refresher.fresh()).toBeUndefined();
  });
});

describe('KeyedRefreshers', () => {
  it('one refresher per key, made on first use, sharing the policy and the clock', async () => {
    let now = 1_000;
    const refreshers = new KeyedRefreshers<string>({ advisoryMs: 100, mandatoryMs: 0, backoffMs: 0, advisory: 'wait' }, () => now);
    const a = refreshers.for('a');
    expect(refreshers.for('a')).toBe(a);
    expect(refreshers.for('b')).not.toBe(a);
    let fetches = 0;
    const fetch = async () => ({ value: `v${++fetches}`, expiresAt: now + 1_000 });
    expect(await a.get(fetch)).toBe('v1');
    expect(await a.get(fetch)).toBe('v1');
    now += 950; // inside the advisory window of that refresher's clock
    expect(await a.get(fetch)).toBe('v2');
  });
});
