/** The routing rules of issue 15 that the eval sets measure only in aggregate, one example each. */
import { describe, expect, it } from 'vitest';
import { normalise } from '../../bot/understanding/normalise.ts';
import { router } from '../helpers/bot.ts';

describe('normalising', () => {
  it('reads Arabic-Indic digits as 0–9 and splits a Latin word joined to another script', () => {
    expect(normalise('عمري ١٩ و ۳ سنين')).toBe('عمري 19 و 3 سنين');
    expect(normalise('وbarnetrygd قديش؟')).toBe('و barnetrygd قديش');
    expect(normalise('الmeldekort')).toBe('ال meldekort');
  });
});

describe('routing', () => {
  it('a person asked for in one clause of a longer message is acted on; "can someone help with my debt" is not that', () => {
    expect(router.route('I do not understand, I need an interpreter, I want a person').route).toBe('human');
    expect(router.route('i have a lot of debt and nothing left, can someone help me with my economy').route).not.toBe(
      'human',
    );
  });

  it('only the question of a story is looked at for who else helps', () => {
    expect(router.route('can my employer dismiss me while I am on sick leave?').referral).toBe('arbeidstilsynet');
    const story = router.route('I was dismissed in March and have heard nothing. When will I get money from NAV?');
    expect(story.referral).toBeUndefined();
  });

  it('a short message naming no topic stays on the conversation topic, even when other words match another topic', () => {
    const d = router.route('and how many days?', { lang: 'en', topic: 'sykepenger' });
    expect(d.route).toBe('topic:sykepenger');
    expect(d.followUp).toBe(true);
    // Naming a new topic switches.
    expect(router.route('and barnetrygd?', { lang: 'en', topic: 'sykepenger' }).route).toBe('topic:barnetrygd');
  });

  it('a referral phrase matches its inflected forms', () => {
    expect(router.route('kan arbeidsgiveren si meg opp mens jeg er sykmeldt?', { lang: 'nb' }).referral).toBe(
      'arbeidstilsynet',
    );
  });
});
