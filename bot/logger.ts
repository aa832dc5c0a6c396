/** Structured logs (pino). Message text never appears: fields that could hold it are redacted. */
import { pino, type Logger, type DestinationStream } from 'pino';

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'veiviser' },
      redact: { paths: ['text', '*.text', 'activity', '*.activity', 'body', '*.body', 'req.headers.authorization'], censor: '[redacted]' },
    },
    destination,
  );
}
export type { Logger };
