/**
 * `npm run bench`: routing speed and memory at content ×1, ×10 and ×100 (every topic's question
 * variants and keywords multiplied by synthetic variants), against a plain fuse.js baseline (every variant in one index, default options)
 * measured in the same run. Messages are the routing evaluation utterances in test/eval/ (the emergency sets left out),
 * each also routed with a conversation history: its own (follow-up items) or the two messages before it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Fuse from 'fuse.js';
import { loadKnowledge } from '../knowledge/index.ts';
import { SUPPORTED_LANGUAGES } from '../shared/languages.ts';
import { evaluate } from '../understanding/evaluation.ts';
import type { Intent, UnderstandingContent } from '../understanding/model.ts';
import { Router } from '../understanding/router.ts';
import { maskPii } from '../shared/pii.ts';
import { readEvalFiles } from './evalFiles.ts';
import { CONTENT_PATHS, REPO_DIR } from './load.ts';

const gc = (globalThis as { gc?: () => void }).gc;
function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

/** A deterministic pseudo-random generator, so every run benchmarks the same synthetic content. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

/** One synthetic copy of a phrase: words shuffled a little, one letter changed, a marker word added. */
function mutate(text: string, copy: number, random: () => number): string {
  const w = text.split(/\s+/).filter(Boolean);
  if (w.length > 2) {
    const i = Math.floor(random() * (w.length - 1));
    [w[i], w[i + 1]] = [w[i + 1]!, w[i]!];
  }
  const j = Math.floor(random() * w.length);
  const word = w[j] ?? '';
  if (word.length > 3) {
    const k = 1 + Math.floor(random() * (word.length - 2));
    w[j] = word.slice(0, k) + String.fromCharCode(97 + Math.floor(random() * 26)) + word.slice(k + 1);
  }
  w.push(`v${copy}x${Math.floor(random() * 1000)}`);
  return w.join(' ');
}

/** The content with every topic's question variants and keywords `factor` times: the originals and factor−1 synthetic copies. */
export function scaleContent(content: UnderstandingContent, factor: number): UnderstandingContent {
  const random = rng(42);
  const grow = (list: readonly string[]) => [
    ...list,
    ...Array.from({ length: factor - 1 }, (_, c) => list.map((q) => mutate(q, c + 1, random))).flat(),
  ];
  const intents: Intent[] = content.intents.map((intent) =>
    intent.route.startsWith('topic:')
      ? {
          ...intent,
          languages: Object.fromEntries(
            Object.entries(intent.languages).map(([l, b]) => [
              l,
              { title: b?.title, questions: grow(b!.questions), keywords: grow(b!.keywords) },
            ]),
          ),
        }
      : intent,
  );
  return { ...content, intents };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Timing {
  p50: number;
  p99: number;
  mean: number;
}

/**
 * Every message `rounds` times, after a warm-up of the JIT on the messages with their words
 * reversed (the same code paths, but nothing a cache could remember). `beforeRound` lets the
 * router forget its word corrections and the terms of words it has seen, so every round measures the cold path.
 */
function time(
  messages: readonly string[],
  fn: (m: string) => unknown,
  rounds = 1,
  beforeRound: () => void = () => {},
  warmUp = messages.length,
): Timing {
  for (const m of messages.slice(0, warmUp))
    fn(
      m
        .split(' ')
        .map((w) => [...w].reverse().join(''))
        .join(' '),
    );
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    beforeRound();
    for (const m of messages) {
      const t0 = performance.now();
      fn(m);
      samples.push(performance.now() - t0);
    }
  }
  samples.sort((a, b) => a - b);
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
  };
}

const BASELINE_SAMPLE: Record<number, number> = { 1: 120, 10: 40, 100: 5 };

/** Every k-th message, so the sample has every language in it. */
function sample(messages: readonly string[], n: number): string[] {
  const step = Math.max(1, Math.floor(messages.length / n));
  return messages.filter((_, i) => i % step === 0).slice(0, n);
}

function baselineIndex(content: UnderstandingContent) {
  const docs = content.intents.flatMap((i) =>
    SUPPORTED_LANGUAGES.flatMap((l) => (i.languages[l]?.questions ?? []).map((text) => ({ text, route: i.route }))),
  );
  return new Fuse(docs, { keys: ['text'] });
}

const ms = (x: number) => `${x.toFixed(3)} ms`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const x = (a: number, b: number) => `${(a / b).toPrecision(2)}×`;

const FACTORS = process.argv.slice(2).length ? process.argv.slice(2).map(Number) : [1, 10, 100];

/** Cut or repeated to exactly `n` characters. */
const ofLength = (text: string, n: number) => text.repeat(Math.ceil(n / text.length)).slice(0, n);

/**
 * Hostile messages of the longest length the bot routes (2,000 characters): the synchronous
 * work of one turn (masking, then routing) is how long one message keeps the event loop busy.
 * Each is set against an ordinary message of the same length, in the same run.
 */
function worstCase(
  content: UnderstandingContent,
  messages: readonly string[],
  out: { push: (...l: string[]) => void },
) {
  const N = 2000;
  const router = new Router(content);
  const ordinary = ofLength(messages.join(' '), N);
  const cases: [string, string][] = [
    ['one word of letters', ofLength('abcdefghijklmnopqrstuvwxyz', N)],
    ['one letter repeated', 'a'.repeat(N)],
    ['digits', ofLength('1234567890', N)],
    ['digits one at a time', ofLength('1 ', N)],
    ['mixed scripts, no space', ofLength('aбвاب中ሰ1', N)],
    ['"@" between letters', ofLength('a@', N)],
    ['many short words', ofLength('ab ', N)],
  ];
  const turn = (m: string) => router.route(maskPii(m).text);
  const median = (m: string) => {
    for (let i = 0; i < 3; i++) turn(m);
    const t: number[] = [];
    for (let i = 0; i < 15; i++) {
      router.clearCaches();
      const t0 = performance.now();
      turn(m);
      t.push(performance.now() - t0);
    }
    t.sort((a, b) => a - b);
    return { p50: percentile(t, 50), max: t.at(-1)! };
  };
  const base = median(ordinary);
  out.push(
    `Worst-case messages (${N} characters; masking + routing, the event loop's busy time per message; target < 20 ms):`,
  );
  out.push(`  ordinary message (baseline)       p50 ${ms(base.p50)}  max ${ms(base.max)}`);
  for (const [name, text] of cases) {
    const r = median(text);
    out.push(`  ${name.padEnd(33)} p50 ${ms(r.p50)}  max ${ms(r.max)}  ratio to ordinary ${x(r.p50, base.p50)}`);
  }
  out.push('');
}

function main() {
  const evalDir = join(REPO_DIR, 'test', 'eval');
  const { items } = readEvalFiles(
    readdirSync(evalDir)
      .filter((f) => f.endsWith('.jsonl') && !f.startsWith('emergency-'))
      .map((f) => join(evalDir, f)),
  );
  const messages = items.map((i) => i.text);
  // Every message has a history: its own (follow-up items), else the two messages before it.
  const histories = items.map((item, i) => item.history ?? messages.slice(Math.max(0, i - 2), i));
  const index = new Map(messages.map((m, i) => [m, i]));

  const t0 = performance.now();
  const knowledge = loadKnowledge(CONTENT_PATHS);
  const loadMs = performance.now() - t0;
  const out = { push: (...lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`) };
  out.push(
    `Routing benchmark: ${messages.length} messages from test/eval/, Node ${process.version}, ${process.arch}.`,
    `Loading and validating content/ and locales/: ${ms(loadMs)}.`,
    '',
  );

  worstCase(knowledge.understanding, messages, out);

  for (const factor of FACTORS) {
    const content = scaleContent(knowledge.understanding, factor);
    const before = heapUsed();
    const t1 = performance.now();
    const router = new Router(content);
    const readyMs = performance.now() - t1;
    const routerHeap = heapUsed() - before;
    const ours = time(
      messages,
      (m) => router.route(m),
      3,
      () => router.clearCaches(),
    );

    // The bot keeps the conversation's topic and routes each message with it; classify (and a
    // conversation without a stored topic) works the topic out from the history first.
    const topics = histories.map((h) => router.contextTopic(h));
    const withTopic = time(
      messages,
      (m) => router.route(m, { topic: topics[index.get(m) ?? -1] }),
      3,
      () => router.clearCaches(),
    );
    const withHistory = time(
      messages,
      (m) => router.route(m, { topic: router.contextTopic(histories[index.get(m) ?? -1] ?? []) }),
      1,
      () => router.clearCaches(),
    );

    const before2 = heapUsed();
    const t2 = performance.now();
    const fuse = baselineIndex(content);
    const baseReadyMs = performance.now() - t2;
    const baseHeap = heapUsed() - before2;
    // fuse.js scans every variant for every message: a sample keeps the run within minutes.
    const baseMessages = sample(messages, BASELINE_SAMPLE[factor] ?? 10);
    const base = time(baseMessages, (m) => fuse.search(m, { limit: 1 }), 1, undefined, 3);

    const topicCount = content.intents.filter((i) => i.route.startsWith('topic:')).length;
    out.push(
      `content ×${factor}: ${topicCount} topics, ${content.intents.reduce((n, i) => n + SUPPORTED_LANGUAGES.reduce((m, l) => m + (i.languages[l]?.questions.length ?? 0), 0), 0)} variants`,
      `  Veiviser router   p50 ${ms(ours.p50)}  p99 ${ms(ours.p99)}  mean ${ms(ours.mean)}  ready in ${ms(readyMs)}  heap ${mb(routerHeap)}`,
      `    with the conversation's topic (as the bot routes)      p50 ${ms(withTopic.p50)}  p99 ${ms(withTopic.p99)}  ratio to no context p99 ${x(withTopic.p99, ours.p99)}`,
      `    with a history of 2 messages worked out (as classify)  p50 ${ms(withHistory.p50)}  p99 ${ms(withHistory.p99)}  ratio to no context p99 ${x(withHistory.p99, ours.p99)}`,
      `  plain fuse.js     p50 ${ms(base.p50)}  p99 ${ms(base.p99)}  mean ${ms(base.mean)}  ready in ${ms(baseReadyMs)}  heap ${mb(baseHeap)}` +
        `  (${baseMessages.length} of the messages)`,
      `  ratio router/fuse p50 ${x(ours.p50, base.p50)}  p99 ${x(ours.p99, base.p99)}  ready ${x(readyMs, baseReadyMs)}  heap ${x(routerHeap, baseHeap)}`,
    );
    if (factor === 1) {
      const report = evaluate(router, items, SUPPORTED_LANGUAGES);
      const sampled = new Set(baseMessages);
      const sampleItems = items.filter((i) => sampled.has(i.text));
      const baseCorrect = sampleItems.filter((i) => {
        const hit = fuse.search(i.text, { limit: 1 })[0];
        return hit && (hit.item.route === i.route || i.alt.includes(hit.item.route));
      }).length;
      const oursCorrect = report.outcomes.filter((o) => sampled.has(o.item.text) && o.correct).length;
      out.push(
        `  route accuracy: router ${(100 * report.overall.accuracy).toFixed(1)}% on all ${items.length} messages; ` +
          `on the ${sampleItems.length} sampled: router ${((100 * oursCorrect) / sampleItems.length).toFixed(1)}%, plain fuse.js top hit ${((100 * baseCorrect) / sampleItems.length).toFixed(1)}%`,
      );
    }
    out.push('');
  }
  out.push(
    `Process RSS at the end: ${mb(process.memoryUsage().rss)}.${gc ? '' : ' (run with --expose-gc for exact heap figures)'}`,
  );
}

if (process.argv[1]?.endsWith('bench.ts')) main();
