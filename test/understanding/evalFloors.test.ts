import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvalFiles } from '../../bot/cli/evalFiles.ts';
import { ROOT_DIR } from '../../bot/server.ts';
import { SUPPORTED_LANGUAGES } from '../../bot/shared/languages.ts';
import { ACTION_ROUTES } from '../../bot/understanding/model.ts';
import { TOPIC_IDS } from '../../bot/knowledge/schemas.ts';
import { evaluate } from '../../bot/understanding/evaluation.ts';
import { router } from '../helpers/bot.ts';

const dir = join(ROOT_DIR, 'test', 'eval');
const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
const { problems } = readEvalFiles(files.map((f) => join(dir, f)));
// The routing and emergency sets (<lang>.jsonl, unsupported.jsonl, emergency-*.jsonl); the facet,
// follow-up, long-message and referral sets have floors of their own.
const KINDS = /^(facets|followups|long|referrals)-/;
const { items } = readEvalFiles(files.filter((f) => !KINDS.test(f)).map((f) => join(dir, f)));
const report = evaluate(router, items, SUPPORTED_LANGUAGES);
const misses = (lang: string) =>
  report.outcomes
    .filter((o) => o.item.lang === lang && !o.correct)
    .map((o) => `${o.item.route} → ${o.route}: ${o.item.text}`)
    .join('\n');

describe('the evaluation set itself', () => {
  it('parses, and has at least 50 utterances per supported language and 30 in unsupported ones', () => {
    expect(problems).toEqual([]);
    for (const lang of SUPPORTED_LANGUAGES)
      expect(items.filter((i) => i.lang === lang).length, lang).toBeGreaterThanOrEqual(50);
    expect(
      items.filter((i) => !(SUPPORTED_LANGUAGES as readonly string[]).includes(i.lang)).length,
    ).toBeGreaterThanOrEqual(30);
  });

  it('covers every route in every supported language', () => {
    const routes = [...TOPIC_IDS.map((t) => `topic:${t}`), ...ACTION_ROUTES];
    for (const lang of SUPPORTED_LANGUAGES) {
      const seen = new Set(items.filter((i) => i.lang === lang).map((i) => i.route));
      expect(
        routes.filter((r) => !seen.has(r)),
        lang,
      ).toEqual([]);
    }
  });
});

// Floors: the targets. Raise them as routing improves; never lower them to pass.
describe('routing quality floors', () => {
  it.each(SUPPORTED_LANGUAGES)('strict route accuracy in %s is at least 90%%', (lang) => {
    expect(report.byLanguage[lang]!.accuracy, misses(lang)).toBeGreaterThanOrEqual(0.9);
  });

  it('unsupported languages get language help at least 90% of the time', () => {
    expect(report.byLanguage.unsupported!.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('every emergency is recognised, with at most 1% false emergencies', () => {
    const missed = report.outcomes
      .filter((o) => o.item.route === 'emergency' && !o.item.kind && o.route !== 'emergency')
      .map((o) => o.item.text);
    expect(missed).toEqual([]);
    expect(report.emergency.falseAlarmRate).toBeLessThanOrEqual(0.01);
  });

  it('check-ins on ordinary messages stay at or below 3%', () => {
    expect(report.checkIns.rate).toBeLessThanOrEqual(0.03);
  });

  it('identifies the supported languages at least 97% of the time', () => {
    expect(report.languageId.accuracy).toBeGreaterThanOrEqual(0.97);
  });
});

// The emergency sets (emergency-*.jsonl, written apart from content/safety*.yaml). Floors at the
// measured level: the target is every emergency caught and no emergency reply on a negative.
describe('emergency recognition floors', () => {
  const safetyMisses = (lang: string) =>
    report.outcomes
      .filter(
        (o) =>
          (SUPPORTED_LANGUAGES.includes(o.item.lang as never) ? o.item.lang : 'unsupported') === lang &&
          (o.item.kind || o.item.route === 'no-emergency') &&
          !o.correct,
      )
      .map((o) => `${o.item.route} → ${o.route}: ${o.item.text}`)
      .join('\n');

  it('every supported language and the unsupported ones have an emergency set of the required size', () => {
    for (const lang of SUPPORTED_LANGUAGES) {
      expect(report.safety[lang]?.emergencies, lang).toBeGreaterThanOrEqual(40);
      expect(report.safety[lang]?.negatives, lang).toBeGreaterThanOrEqual(40);
    }
    expect(report.safety.unsupported?.emergencies).toBeGreaterThanOrEqual(20);
  });

  it.each(SUPPORTED_LANGUAGES)('%s: at least 88%% of emergencies caught (reply or check-in)', (lang) => {
    expect(report.safety[lang]!.recall, safetyMisses(lang)).toBeGreaterThanOrEqual(0.88);
  });

  it.each(SUPPORTED_LANGUAGES)('%s: at most 5%% emergency replies and 10%% check-ins on the hard negatives', (lang) => {
    expect(report.safety[lang]!.emergencyReplyRate, safetyMisses(lang)).toBeLessThanOrEqual(0.05);
    expect(report.safety[lang]!.checkInRate).toBeLessThanOrEqual(0.1);
  });

  it('unsupported languages: at least 65% of emergencies caught', () => {
    expect(report.safety.unsupported!.recall, safetyMisses('unsupported')).toBeGreaterThanOrEqual(0.65);
  });
});

// The facet, follow-up, long-message and referral sets (written apart from the content). Floors
// at the level measured when facets and follow-ups came (2026-12-02); the targets are
// 90% facets and follow-ups and 85% long messages. Raise them as answers improve.
describe('facet, follow-up, long-message and referral floors', () => {
  const kindReport = (kind: string) =>
    evaluate(
      router,
      readEvalFiles(files.filter((f) => f.startsWith(`${kind}-`)).map((f) => join(dir, f))).items,
      SUPPORTED_LANGUAGES,
    ).overall;
  const facets = kindReport('facets');
  const followUps = kindReport('followups');
  const long = kindReport('long');
  const referrals = kindReport('referrals');

  it('every kind has at least 30 items per supported language (15 referrals)', () => {
    for (const kind of ['facets', 'followups', 'long', 'referrals'])
      for (const lang of SUPPORTED_LANGUAGES) {
        const file = join(dir, `${kind}-${lang}.jsonl`);
        const n = readEvalFiles([file]).items.length;
        expect(n, file).toBeGreaterThanOrEqual(kind === 'referrals' ? 15 : 30);
      }
  });

  it('facet questions: the right topic at least 93%, and the right facet at least 65%', () => {
    expect(facets.accuracy).toBeGreaterThanOrEqual(0.93);
    expect(facets.facets.accuracy).toBeGreaterThanOrEqual(0.65);
  });

  it('follow-ups, routed in the context of their history: the right topic at least 88%', () => {
    expect(followUps.followUps.accuracy).toBeGreaterThanOrEqual(0.88);
  });

  it('long real-style messages: the right route at least 82%', () => {
    expect(long.accuracy).toBeGreaterThanOrEqual(0.82);
  });

  it('questions outside NAV: route unknown at least 88%, with the right referral at least 82%', () => {
    expect(referrals.accuracy).toBeGreaterThanOrEqual(0.88);
    expect(referrals.referrals.accuracy).toBeGreaterThanOrEqual(0.82);
  });
});
