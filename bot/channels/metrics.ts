/** Prometheus metrics: turns and turn latency by channel, HTTP responses by route and status. */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  readonly turns = new Counter({
    name: 'veiviser_turns_total',
    help: 'Bot turns',
    labelNames: ['channel', 'route'],
    registers: [this.registry],
  });
  readonly turnSeconds = new Histogram({
    name: 'veiviser_turn_duration_seconds',
    help: 'Time to run one bot turn',
    labelNames: ['channel'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly httpResponses = new Counter({
    name: 'veiviser_http_responses_total',
    help: 'HTTP responses',
    labelNames: ['route', 'status'],
    registers: [this.registry],
  });

  /** What screener results showed, by topic: counts only, never the answers. */
  readonly screenerResults = new Counter({
    name: 'veiviser_screener_result_topics_total',
    help: 'Topics shown in entitlement screener results',
    labelNames: ['topic'],
    registers: [this.registry],
  });

  /** Handoffs to a person by reason, and whether someone could take them (queued) or not. */
  readonly handoffs = new Counter({
    name: 'veiviser_handoffs_total',
    help: 'Handoffs to a person by reason and outcome',
    labelNames: ['reason', 'outcome'],
    registers: [this.registry],
  });

  constructor(options: { defaults?: boolean } = {}) {
    if (options.defaults) collectDefaultMetrics({ register: this.registry });
  }

  observeTurn = (channel: string, seconds: number, route: string): void => {
    this.turns.inc({ channel, route });
    this.turnSeconds.observe({ channel }, seconds);
  };
}
