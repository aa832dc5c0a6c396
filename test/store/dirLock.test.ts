import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectoryLockedError, lockDirectory } from '../../bot/store/dirLock.ts';
import { openDb } from '../../bot/store/db.ts';

const root = mkdtempSync(join(tmpdir(), 'veiviser-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

describe('one process per PGlite directory', () => {
  it('refuses a directory a live process holds, naming the directory and the pid', async () => {
    const dir = join(root, 'held');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(`${dir}.lock`, JSON.stringify({ pid: holder.pid }));
      const attempt = openDb({ engine: 'pglite', dataDir: dir });
      await expect(attempt).rejects.toBeInstanceOf(DirectoryLockedError);
      await expect(attempt).rejects.toThrow(`${dir} is in use by another process (pid ${holder.pid})`);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes over a stale lock left by a process that died, and removes its lock on close', async () => {
    const dir = join(root, 'stale');
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: await deadPid() }));
    const db = await openDb({ engine: 'pglite', dataDir: dir });
    expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8')).pid).toBe(process.pid);
    await db.query('SELECT 1');
    await db.close();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it('refuses a second open in the same process until the first is closed', async () => {
    const dir = join(root, 'twice');
    const first = await openDb({ engine: 'pglite', dataDir: dir });
    await expect(openDb({ engine: 'pglite', dataDir: dir })).rejects.toBeInstanceOf(DirectoryLockedError);
    await first.close();
    const again = await openDb({ engine: 'pglite', dataDir: dir });
    await again.close();
  });

  it('treats a garbled lock file as stale', () => {
    const dir = join(root, 'garbled');
    writeFileSync(`${dir}.lock`, 'not json');
    const release = lockDirectory(dir);
    release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });
});
