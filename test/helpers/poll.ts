/** Waiting for something another process or instance does, without a busy loop. */
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Calls `check` until it gives a value (anything but undefined), a timer tick apart so the server
 * under test gets the CPU; fails after `tries` attempts, which is a hang guard, not a speed budget.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  { tries = 400, intervalMs = 25 } = {},
): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(intervalMs);
  }
  throw new Error(`nothing after ${tries} tries ${intervalMs} ms apart`);
}
