/**
 * Global setup: the tests' own temporary folder, TMPDIR for their workers and every process they
 * start, removed at the end. The hostile-request test checks that nothing new appears in the
 * temporary folder, which holds only when other programs on the machine do not write there too.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const shared = tmpdir();
  const root = mkdtempSync(join(shared, 'veiviser-tests-'));
  // tsx keeps its compile cache in <tmpdir>/tsx-<uid>: the usual one, or every spawned CLI compiles from cold.
  const tsx = `tsx-${process.geteuid?.() ?? userInfo().username}`;
  mkdirSync(join(shared, tsx), { recursive: true });
  symlinkSync(join(shared, tsx), join(root, tsx));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
