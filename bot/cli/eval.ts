/**
 * `npm run eval -- <file.jsonl>...`: routes every labelled utterance and prints per-language
 * accuracy, language-ID accuracy, emergency recall and false alarms, the most frequent
 * confusions and every miss. Exit code 1 when a file cannot be read or parsed.
 */
import { SUPPORTED_LANGUAGES } from '../shared/languages.ts';
import { evaluate, type LanguageFigures, type Tally } from '../understanding/evaluation.ts';
import { readEvalFiles } from './evalFiles.ts';
import { loadOrExit } from './load.ts';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function main() {
  const files = process.argv.slice(2);
  if (!files.length) {
    process.stderr.write('usage: npm run eval -- <file.jsonl>...\n');
    process.exit(2);
  }
  const { items, problems } = readEvalFiles(files);
  if (problems.length) {
    process.stderr.write(`${problems.join('\n')}\n`);
    process.exit(1);
  }
  const { router } = loadOrExit();
  const report = evaluate(router, items, SUPPORTED_LANGUAGES);
  const out: string[] = [];
  const tallied = (t: Tally) =>
    (t.total ? `${pct(t.accuracy).padStart(7)} (${t.correct}/${t.total})` : '      –').padEnd(17);
  out.push(
    `Evaluated ${items.length} utterances from ${files.length} file(s).`,
    '',
    'language      n   route accuracy   facet             follow-up         referral          language ID',
  );
  const row = (lang: string, f: LanguageFigures, langId: boolean) =>
    `${lang.padEnd(12)} ${String(f.total).padStart(3)}   ${pct(f.accuracy).padStart(8)} (${f.correct})`.padEnd(34) +
    `${tallied(f.facets)} ${tallied(f.followUps)} ${tallied(f.referrals)} ${langId ? pct(f.langAccuracy).padStart(8) : ''}`;
  for (const [lang, f] of Object.entries(report.byLanguage).sort()) out.push(row(lang, f, true));
  out.push(row('all', report.overall, false));
  out.push(
    '',
    `Language ID (supported languages): ${pct(report.languageId.accuracy)} (${report.languageId.correct}/${report.languageId.total})`,
    `Emergency recall: ${pct(report.emergency.recall)} (${report.emergency.found}/${report.emergency.expected}); false emergencies: ${pct(report.emergency.falseAlarmRate)} (${report.emergency.falseAlarms}/${report.emergency.nonEmergency}); check-ins on ordinary messages: ${pct(report.checkIns.rate)} (${report.checkIns.count}/${report.checkIns.of})`,
    '',
  );
  if (Object.keys(report.safety).length) {
    out.push(
      'Emergency sets (emergency-*.jsonl): caught = emergency reply or check-in',
      'language     emergencies  caught           negatives  emergency replies  check-ins',
    );
    for (const [lang, f] of Object.entries(report.safety).sort())
      out.push(
        `${lang.padEnd(12)} ${String(f.emergencies).padStart(11)}  ${pct(f.recall).padStart(6)} (${f.caught})`.padEnd(
          43,
        ) +
          `${String(f.negatives).padStart(9)}  ${pct(f.emergencyReplyRate).padStart(6)} (${f.emergencyReplies})`.padEnd(
            29,
          ) +
          `${pct(f.checkInRate).padStart(6)} (${f.checkIns})`,
      );
    out.push('');
  }
  out.push(
    'Most frequent confusions (expected → got):',
    ...report.confusions.slice(0, 15).map((c) => `  ${String(c.count).padStart(3)}  ${c.expected} → ${c.got}`),
    '',
    'Misses:',
  );
  for (const o of report.outcomes)
    if (
      !o.correct ||
      (!o.langCorrect && o.item.route !== 'no-emergency') ||
      (o.item.route === 'no-emergency' && o.confirm)
    )
      out.push(
        `  [${o.item.lang}→${o.lang}] ${o.item.route} → ${o.route}${o.confirm ? ' (check-in)' : ''} (${o.score.toFixed(2)}): ${o.item.text}`,
      );
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
