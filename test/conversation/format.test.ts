import { describe, expect, it } from 'vitest';
import { Formatter } from '../../bot/conversation/format.ts';

describe('formatting', () => {
  const oslo = new Formatter('Europe/Oslo');

  it('writes times in the time zone of the contact content, whatever the server zone', () => {
    // 23:30 UTC on 1 December is already 2 December in Oslo.
    const late = new Date('2026-12-01T23:30:00Z');
    expect(oslo.dateTime('en', late)).toContain('December 2');
    expect(oslo.dateTime('nb', late)).toContain('00:30');
    expect(new Formatter('America/New_York').dateTime('nb', late)).toContain('18:30');
    expect(oslo.slot('nb', late)).toContain('00:30');
  });

  it('writes a calendar day as that day', () => {
    expect(oslo.day('nb', '2026-12-24')).toBe('24. desember 2026');
    expect(oslo.day('en', '2026-01-01')).toBe('January 1, 2026');
  });

  it("joins lists with the language's own words, also right-to-left", () => {
    expect(oslo.list('nb', ['A', 'B', 'C'])).toBe('A, B og C');
    expect(oslo.list('pl', ['A', 'B'])).toBe('A i B');
    expect(oslo.list('ar', ['A', 'B'])).toBe('A وB');
    expect(oslo.list('en', ['A'])).toBe('A');
  });
});
