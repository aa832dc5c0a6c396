/** Structured logs (pino). Message text never appears: fields that could hold it are redacted. */
import { pino, stdSerializers, type Logger, type DestinationStream } from 'pino';
import { maskPii } from './shared/pii.ts';

/** pino's error serializer, with personal data masked in the message and stack (a database error can quote a value). */
function maskedErr(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const out = stdSerializers.err(err) as unknown as Record<string, unknown>;
  for (const key of ['message', 'stack'] as const)
    if (typeof out[key] === 'string') out[key] = maskPii(out[key] as string).text;
  return out;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'veiviser' },
      serializers: { err: maskedErr },
      redact: {
        paths: ['text', '*.text', 'activity', '*.activity', 'body', '*.body', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
export type { Logger };
