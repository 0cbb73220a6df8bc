import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStore } from './store';

describe('the memory store', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is bounded in bytes, not entries: large values push the oldest out first', () => {
    const store = new MemoryStore({ maxBytes: 10_000 });
    const big = 'x'.repeat(3000);
    for (const key of ['a', 'b', 'c']) store.set(key, big, 60);
    expect(store.usage()).toMatchObject({ entries: 3, bytes: 3 * 3001 });
    store.set('d', big, 60);
    expect(store.get('a')).toBeUndefined();
    expect(['b', 'c', 'd'].map((key) => store.get(key) === big)).toEqual([true, true, true]);
    expect(store.usage().bytes).toBeLessThanOrEqual(10_000);
  });

  it('never keeps a value larger than its whole budget, and rewriting a key counts it once', () => {
    const store = new MemoryStore({ maxBytes: 1000 });
    store.set('kept', 'small', 60);
    store.set('huge', 'x'.repeat(2000), 60);
    expect(store.get('huge')).toBeUndefined();
    expect(store.get('kept')).toBe('small');
    for (let i = 0; i < 100; i++) store.set('kept', 'small', 60);
    expect(store.usage()).toEqual({ bytes: 9, entries: 1, windows: 0 });
  });

  it('keeps a limited client limited however many new keys flood the windows', () => {
    const store = new MemoryStore({ maxWindows: 100 });
    for (let i = 0; i < 5; i++) store.hit('rate:limited', 60_000);
    for (let i = 0; i < 10_001; i++) store.hit(`rate:junk-${i}`, 60_000);
    expect(store.hit('rate:limited', 60_000).count).toBe(6);
    expect(store.usage().windows).toBe(100);
  });

  it('counts newcomers to a full table in one shared overflow window', () => {
    const store = new MemoryStore({ maxWindows: 2 });
    store.hit('rate:a', 60_000);
    store.hit('rate:b', 60_000);
    expect(store.hit('rate:c', 60_000).count).toBe(1);
    expect(store.hit('rate:d', 60_000).count).toBe(2);
    // Another bucket has its own overflow.
    expect(store.hit('apq:e', 60_000).count).toBe(1);
  });

  it('makes room from expired windows before overflowing, and starts a window afresh once it is over', () => {
    vi.useFakeTimers();
    const store = new MemoryStore({ maxWindows: 2 });
    store.hit('rate:a', 1000);
    store.hit('rate:a', 1000);
    store.hit('rate:b', 5000);
    vi.advanceTimersByTime(1001);
    // a's window is over: the newcomer takes its place instead of the overflow.
    expect(store.hit('rate:c', 1000).count).toBe(1);
    expect(store.hit('rate:c', 1000).count).toBe(2);
    expect(store.hit('rate:b', 5000).count).toBe(2);
    vi.advanceTimersByTime(5000);
    expect(store.hit('rate:b', 5000)).toEqual({ count: 1, resetMs: 5000 });
  });
});

describe('the memory store at its edges', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('forgets an entry the moment its lifetime is over', () => {
    vi.useFakeTimers();
    const store = new MemoryStore();
    store.set('k', 'v', 1);
    vi.advanceTimersByTime(999);
    expect(store.get('k')).toBe('v');
    vi.advanceTimersByTime(1);
    expect(store.get('k')).toBeUndefined();
    expect(store.usage()).toEqual({ bytes: 0, entries: 0, windows: 0 });
  });

  it('keeps entries that fill the budget exactly, evicting nothing', () => {
    const store = new MemoryStore({ maxBytes: 10 });
    store.set('a', 'bcd', 60);
    store.set('e', 'fghij', 60);
    expect(store.usage()).toEqual({ bytes: 10, entries: 2, windows: 0 });
    const exact = new MemoryStore({ maxBytes: 10 });
    exact.set('k', 'v'.repeat(9), 60);
    expect(exact.get('k')).toBe('v'.repeat(9));
  });

  it('gives a newcomer its own window in the room an expired one left, so later newcomers overflow apart', () => {
    vi.useFakeTimers();
    const store = new MemoryStore({ maxWindows: 2 });
    store.hit('rate:a', 1000);
    store.hit('rate:b', 5000);
    vi.advanceTimersByTime(1000);
    expect(store.hit('rate:c', 1000).count).toBe(1);
    // The table is full again (b and c): d overflows alone, and c keeps its own count.
    expect(store.hit('rate:d', 1000).count).toBe(1);
    expect(store.hit('rate:c', 1000).count).toBe(2);
    expect(store.usage().windows).toBe(2);
  });

  it('sweeps a full table again once its earliest window is over, not before', () => {
    vi.useFakeTimers();
    const store = new MemoryStore({ maxWindows: 2 });
    store.hit('rate:a', 3000);
    store.hit('rate:b', 1000);
    expect(store.hit('rate:x', 1000).count).toBe(1); // overflow: nothing expired yet
    vi.advanceTimersByTime(1000);
    // b is over: the next newcomer takes its place.
    expect(store.hit('rate:y', 5000)).toEqual({ count: 1, resetMs: 5000 });
    expect(store.hit('rate:y', 5000).count).toBe(2);
    vi.advanceTimersByTime(2000);
    // a is over too: room again.
    expect(store.hit('rate:z', 5000)).toEqual({ count: 1, resetMs: 5000 });
    expect(store.hit('rate:z', 5000).count).toBe(2);
  });

  it('starts the overflow window afresh once it is over, and says how long it has left', () => {
    vi.useFakeTimers();
    const store = new MemoryStore({ maxWindows: 1 });
    store.hit('rate:known', 60_000);
    expect(store.hit('rate:new-1', 1000)).toEqual({ count: 1, resetMs: 1000 });
    vi.advanceTimersByTime(400);
    expect(store.hit('rate:new-2', 1000)).toEqual({ count: 2, resetMs: 600 });
    vi.advanceTimersByTime(600);
    expect(store.hit('rate:new-3', 1000)).toEqual({ count: 1, resetMs: 1000 });
    // Buckets of another window length overflow apart.
    expect(store.hit('rate:new-4', 2000).count).toBe(1);
  });
});
