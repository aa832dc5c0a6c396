/**
 * The knowledge and the router indexed from it, built once per process for each version of the
 * content. Building the router takes seconds; every app created in one process (each HTTP test
 * app, every test file sharing a worker) reuses the build as long as the files are the same.
 * The key is a hash of every file under the content and locales folders (both feed
 * `loadKnowledge`), so an edited, added or removed file gives a new build. Content that fails to
 * load is never cached: each call reports its problems afresh.
 */
import { createHash, type Hash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Router } from '../understanding/router.ts';
import { loadKnowledge, type Knowledge, type KnowledgePaths } from './index.ts';

export interface ContentBuild {
  knowledge: Knowledge;
  router: Router;
}

/** Tests build a few private copies of the content; the newest builds are enough to keep. */
const KEEP = 4;
const builds = new Map<string, ContentBuild>();

/** Every file's path (relative to its folder) and bytes, in a fixed order; a missing folder hashes as such. */
function hashTree(hash: Hash, dir: string, prefix: string): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  } catch {
    hash.update(`missing\0${prefix}\0`);
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const name = `${prefix}/${entry.name}`;
    // A symbolic link counts as what it points to, as the loader reads it.
    const kind = entry.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : entry;
    if (kind?.isDirectory()) hashTree(hash, path, name);
    else if (kind?.isFile()) {
      const bytes = readFileSync(path);
      hash.update(`file\0${name}\0${bytes.length}\0`).update(bytes);
    }
  }
}

/** The key of a content version: the hash of both folders' files. */
export function contentHash(paths: KnowledgePaths): string {
  const hash = createHash('sha256');
  hashTree(hash, paths.contentDir, 'content');
  hashTree(hash, paths.localesDir, 'locales');
  return hash.digest('hex');
}

/** The knowledge and router of the content at `paths`: reused while its files are unchanged. */
export function loadContentBuild(paths: KnowledgePaths): ContentBuild {
  const key = contentHash(paths);
  const cached = builds.get(key);
  if (cached) {
    // Most recently used last, so the oldest build is the one dropped.
    builds.delete(key);
    builds.set(key, cached);
    return cached;
  }
  const knowledge = loadKnowledge(paths);
  const build = { knowledge, router: new Router(knowledge.understanding) };
  builds.set(key, build);
  for (const old of builds.keys()) {
    if (builds.size <= KEEP) break;
    builds.delete(old);
  }
  return build;
}
