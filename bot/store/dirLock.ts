/**
 * One process per PGlite directory. PGlite has no lock of its own, and two processes writing
 * one directory corrupt it, so the directory is claimed with a lock file holding the owner's
 * pid. A lock left by a process that has died (kill -9, a crash) is taken over.
 */
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

/** Directories this process holds, so a second open in the same process is refused too. */
const held = new Set<string>();

export class DirectoryLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The database directory ${dir} is in use by another process (pid ${pid}). Stop that process first, or set DATA_DIR to another folder.`,
    );
    this.name = 'DirectoryLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, but not ours to signal
  }
}

function ownerOf(lockFile: string): number | undefined {
  try {
    const pid = Number((JSON.parse(readFileSync(lockFile, 'utf8')) as { pid?: unknown }).pid);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // missing, half-written or not ours: no living owner
  }
}

/** Claims `dir` for this process; returns the release. Throws DirectoryLockedError when another live process holds it. */
export function lockDirectory(dir: string): () => void {
  const path = resolve(dir);
  const lockFile = `${path}.lock`;
  if (held.has(path)) throw new DirectoryLockedError(path, process.pid);
  const content = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() });
  try {
    writeFileSync(lockFile, content, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const owner = ownerOf(lockFile);
    if (owner !== undefined && owner !== process.pid && alive(owner)) throw new DirectoryLockedError(path, owner);
    // Stale: replace it in one rename, then check that no one else took it over at the same time.
    const temp = `${lockFile}.${process.pid}`;
    writeFileSync(temp, content);
    renameSync(temp, lockFile);
    const now = ownerOf(lockFile);
    if (now !== process.pid) throw new DirectoryLockedError(path, now ?? 0);
  }
  held.add(path);
  return () => {
    held.delete(path);
    if (ownerOf(lockFile) === process.pid) {
      try {
        unlinkSync(lockFile);
      } catch {
        /* already gone */
      }
    }
  };
}
