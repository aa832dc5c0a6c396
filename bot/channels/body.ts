/**
 * Request bodies, read once for every route: JSON only, at most `limit` bytes as sent and at
 * most `limit` bytes once inflated (gzip, deflate and br are inflated with a cap, so a small
 * bomb cannot grow in memory), UTF-8 only, and no NUL or lone surrogate in any string. Nothing
 * is ever written to disk. Replaces restify's bodyParser, whose gzip handling could crash the
 * process and whose multipart parser kept uploads in the temp folder.
 */
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import type { Request, Response, Next } from 'restify';
import { HttpError, sendError } from './http.ts';

const INFLATERS: Record<string, (buf: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** restify middleware: sets `req.body` to the parsed JSON (undefined when there is no body). */
export function jsonBodyReader(limit: number) {
  return (req: Request, res: Response, next: Next): void => {
    if (!METHODS_WITH_BODY.has(req.method ?? '')) return next();
    readJsonBody(req, limit).then(
      (body) => {
        (req as { body?: unknown }).body = body;
        next();
      },
      (err: unknown) => {
        const e =
          err instanceof HttpError ? err : new HttpError(400, 'BadRequest', 'The request body could not be read.');
        // The rest of an unread body is not worth reading: close the connection after answering.
        res.setHeader('Connection', 'close');
        sendError(res, e.status, e.code, e.message, e.headers);
        next(false);
      },
    );
  };
}

export async function readJsonBody(req: Request, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  const type = req.headers['content-type'] ?? '';
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (declared === 0 && !req.headers['transfer-encoding']) return undefined;
  // Refused before a byte is read: a form or a file upload never reaches memory or disk.
  if (type && !JSON_TYPE.test(type))
    throw new HttpError(415, 'UnsupportedMediaType', 'Send the body as JSON (Content-Type: application/json).');
  if (encoding !== 'identity' && !(encoding in INFLATERS))
    throw new HttpError(415, 'UnsupportedMediaType', 'Content-Encoding must be identity, gzip, deflate or br.');

  let raw = await readRaw(req, limit);
  if (!raw.length) return undefined;
  if (!type)
    throw new HttpError(415, 'UnsupportedMediaType', 'Send the body as JSON (Content-Type: application/json).');
  if (encoding !== 'identity') {
    try {
      raw = await INFLATERS[encoding]!(raw, { maxOutputLength: limit });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError)
        throw tooLarge(limit);
      throw new HttpError(400, 'BadEncoding', `The body is not valid ${encoding} data.`);
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new HttpError(400, 'BadEncoding', 'The body is not valid UTF-8.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'InvalidContent', 'The body is not valid JSON.');
  }
  const problem = badString(parsed);
  if (problem) throw new HttpError(400, 'BadArgument', problem);
  return parsed;
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'PayloadTooLarge', `The body may be at most ${Math.round(limit / 1024)} KB.`);
}

function readRaw(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      if (err) {
        req.resume(); // let the rest drain; the connection is closed after the answer
        reject(err);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return finish(tooLarge(limit));
      chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onError = () => finish(new HttpError(400, 'BadRequest', 'The request body could not be read.'));
    const onAborted = () => finish(new HttpError(400, 'BadRequest', 'The request was aborted.'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

/**
 * The first string (value or key) with a NUL character or a lone surrogate, described; such
 * text is never meaningful and the database refuses it. Walks without recursion, so depth
 * cannot overflow the stack.
 */
export function badString(value: unknown): string | undefined {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      const why = stringProblem(v);
      if (why) return why;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (v && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        const why = stringProblem(k);
        if (why) return why;
        stack.push(item);
      }
    }
  }
  return undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function stringProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'Text may not contain NUL characters.';
  if (LONE_SURROGATE.test(s)) return 'Text may not contain unpaired surrogate characters.';
  return undefined;
}
