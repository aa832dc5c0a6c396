/**
 * The HTTP edge shared by every route: one typed error, one wrapper that maps any failure to a
 * status (client mistake 4xx, database unreachable 503, anything else 500), JSON errors, client
 * addresses and the loopback test.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { Request, Response } from 'restify';
import type { Logger } from 'pino';
import type { ZodType } from 'zod';
import { StoreError } from '../services/errors.ts';

export interface ErrorBody {
  error: { code: string; message: string };
}

/** A failure that is the client's (4xx) or a deliberate refusal, with the code clients see. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Sends `{ "error": { code, message } }` (the Direct Line error shape) with a status. */
export function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.status(status);
  res.json({ error: { code, message } } satisfies ErrorBody);
}

/** Maps any error to the response: HttpError as it says, StoreError of an unreachable database 503, the rest 500. */
export function sendFailure(req: Request, res: Response, err: unknown, logger: Logger): void {
  if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message, err.headers);
  const route = req.getRoute?.()?.path?.toString();
  if (err instanceof StoreError && err.unavailable) {
    logger.warn({ err, route }, 'database unavailable');
    return sendError(
      res,
      503,
      'ServiceUnavailable',
      'The service is unavailable right now. Please try again shortly.',
      { 'Retry-After': '5' },
    );
  }
  logger.error({ err, route }, 'request failed');
  sendError(res, 500, 'InternalError', 'Something went wrong on our side. Please try again.');
}

export type Handler = (req: Request, res: Response) => Promise<void>;

/** Wraps a route: whatever it throws leaves through `sendFailure`, never as a crash or a stack trace. */
export function route(logger: Logger, fn: Handler): Handler {
  return async (req, res) => {
    try {
      await fn(req, res);
    } catch (err) {
      sendFailure(req, res, err, logger);
    }
  };
}

/** The parsed JSON body checked against a schema; a mismatch is a 400 naming the field. */
export function parseBody<T>(req: Request, schema: ZodType<T>, hint: string): T {
  // No body counts as an empty object; `null`, an array or a number is a body of the wrong shape.
  const result = schema.safeParse(req.body === undefined ? {} : req.body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new HttpError(400, 'BadArgument', `${where}${issue?.message ?? 'invalid'}. ${hint}`.trim());
}

export function bearerToken(req: Request): string | undefined {
  const header = req.header('authorization');
  const match = header ? /^Bearer\s+(\S{1,4096})$/i.exec(header) : null;
  return match?.[1];
}

export function clientAddress(req: Request, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.header('x-forwarded-for');
    const first = forwarded?.split(',')[0]?.trim();
    if (first && isIP(first)) return first;
  }
  return req.socket?.remoteAddress ?? 'unknown';
}

/** True for a loopback IP literal (127.0.0.0/8, ::1, IPv4-mapped 127.x) or exactly `localhost`. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const host = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  const kind = isIP(host);
  if (kind === 4) return host.split('.')[0] === '127';
  if (kind === 6) {
    if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host)?.[1];
    return !!mapped && isIP(mapped) === 4 && mapped.split('.')[0] === '127';
  }
  return false;
}

/** A loopback http(s) URL: the only callback address the Emulator mode may reply to. */
export function isLoopbackHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    !url.username &&
    !url.password &&
    isLoopback(url.hostname)
  );
}

/** What a shared limiter needs from the store. */
export interface RateLimitBackend {
  take(key: string, capacity: number, perSecond: number): Promise<number>;
}

/**
 * `perMinute` requests a minute per key, with bursts up to the same number, counted in the
 * store so that N instances still allow `perMinute`, not N times it. Keys are hashed: client
 * addresses are not kept.
 */
export class RateLimiter {
  constructor(
    private readonly backend: RateLimitBackend,
    private readonly name: string,
    private readonly perMinute: number,
  ) {}

  /** Throws a 429 with Retry-After when `key` is over its limit. */
  async check(key: string): Promise<void> {
    const hashed = createHash('sha256').update(`${this.name}\u0000${key}`).digest('base64url').slice(0, 32);
    const wait = await this.backend.take(`${this.name}:${hashed}`, this.perMinute, this.perMinute / 60);
    if (wait > 0)
      throw new HttpError(429, 'TooManyRequests', `Too many requests. Try again in ${wait} s.`, {
        'Retry-After': String(wait),
      });
  }
}
