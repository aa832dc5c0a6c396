import { describe, expect, it } from 'vitest';
import { storedProfile } from '../../bot/conversation/profile.ts';

describe('a profile stored before dialogs kept their state under one key', () => {
  it('keeps the handoff, the running dialogs and the pending rating', () => {
    const handoff = { id: 'h1', status: 'queued' };
    const booking = { step: 'office' };
    expect(storedProfile({ lang: 'pl', handoff, booking, awaitingRating: true } as never)).toEqual({
      lang: 'pl',
      dialogs: { handoff, booking, rating: { asked: true } },
    });
    expect(storedProfile({ lang: 'en' })).toEqual({ lang: 'en' });
  });
});
