/** The real botframework-directlinejs client in Node: it needs XMLHttpRequest and a WebSocket global. */
import XHR2 from 'xhr2';
import WebSocket from 'ws';
import type { Activity as ClientActivity, DirectLine as DirectLineType } from 'botframework-directlinejs';

/** directlinejs's Activity type lacks fields the service sends; these are the ones tests read. */
export type Activity = ClientActivity & { replyToId?: string; text?: string; channelData?: Record<string, unknown> };

const g = globalThis as Record<string, unknown>;
g.XMLHttpRequest ??= XHR2;
g.WebSocket ??= WebSocket;
const { DirectLine } = await import('botframework-directlinejs');

export interface Grant {
  conversationId: string;
  token: string;
  expires_in: number;
}

export async function generateToken(baseUrl: string, body: Record<string, unknown> = {}): Promise<Grant> {
  const res = await fetch(`${baseUrl}/v3/directline/tokens/generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`tokens/generate: ${res.status}`);
  return (await res.json()) as Grant;
}

/** A connected client that records every activity it receives. */
export function connect(baseUrl: string, grant: Grant, options: { resume?: boolean; watermark?: string } = {}) {
  const client: DirectLineType = new DirectLine({
    domain: `${baseUrl}/v3/directline`,
    token: grant.token,
    webSocket: false,
    pollingInterval: 200, // the client's lower bound
    ...(options.resume ? { conversationId: grant.conversationId, watermark: options.watermark ?? '' } : {}),
  });
  const received: Activity[] = [];
  const waiters: { test: (a: Activity) => boolean; resolve: (a: Activity) => void; reject: (err: Error) => void }[] =
    [];
  const subscription = client.activity$.subscribe({
    next: (incoming) => {
      const activity = incoming as Activity;
      received.push(activity);
      for (const w of [...waiters])
        if (w.test(activity)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(activity);
        }
    },
    // A poll after the conversation ended (404) ends the stream with an error: without this handler
    // it is an uncaught exception in whichever test runs then; here it fails only what still waits.
    error: (err: Error) => {
      for (const w of waiters.splice(0)) w.reject(err);
    },
  });
  return {
    client,
    received,
    /** Resolves with the first activity (already received or still to come) that passes `test`. */
    waitFor(test: (a: Activity) => boolean, timeoutMs = 5000): Promise<Activity> {
      const found = received.find(test);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `timed out; received: ${JSON.stringify(received.map((a) => [a.type, 'text' in a ? a.text : '']))}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({
          test,
          resolve: (a) => (clearTimeout(timer), resolve(a)),
          reject: (err) => (clearTimeout(timer), reject(err)),
        });
      });
    },
    send(text: string, extra: Record<string, unknown> = {}): Promise<string> {
      return new Promise((resolve, reject) =>
        client
          .postActivity({ type: 'message', text, from: { id: 'user' }, ...extra } as ClientActivity)
          .subscribe({ next: resolve, error: reject }),
      );
    },
    end() {
      subscription.unsubscribe();
      client.end();
    },
  };
}
