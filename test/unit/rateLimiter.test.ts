import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../bot/channels/http.ts';

describe('RateLimiter', () => {
  it('allows a burst of the limit, then asks to wait, then refills', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(20); // one token a 20 s at 3 a minute
    expect(limiter.take('b')).toBe(0); // keys are independent
    now += 20_000;
    expect(limiter.take('a')).toBe(0);
  });

  it('forgets the least recently used keys beyond its size', () => {
    const limiter = new RateLimiter(1, () => 0, 2);
    limiter.take('a');
    limiter.take('b');
    limiter.take('c'); // evicts a
    expect(limiter.take('a')).toBe(0);
  });
});
