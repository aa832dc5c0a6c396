/** Shared start of the content CLIs: find content/ and locales/, load and validate them, build the router. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKnowledge, type Knowledge } from '../knowledge/index.ts';
import { ContentError } from '../knowledge/yamlFile.ts';
import { Router } from '../understanding/router.ts';

export const REPO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CONTENT_PATHS = { contentDir: join(REPO_DIR, 'content'), localesDir: join(REPO_DIR, 'locales') };

/** Loads the content or exits with its problems on stderr, one `file:line: message` per line. */
export function loadOrExit(): { knowledge: Knowledge; router: Router } {
  try {
    const knowledge = loadKnowledge(CONTENT_PATHS);
    return { knowledge, router: new Router(knowledge.understanding) };
  } catch (err) {
    if (err instanceof ContentError) {
      process.stderr.write(`${err.problems.join('\n')}\n${err.problems.length} content problem(s).\n`);
      process.exit(1);
    }
    throw err;
  }
}
