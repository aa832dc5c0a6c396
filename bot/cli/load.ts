/** Shared start of the content CLIs: find content/ and locales/, load and validate them, build the router. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContentBuild, type ContentBuild } from '../knowledge/build.ts';
import { ContentError } from '../knowledge/yamlFile.ts';

export const REPO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CONTENT_PATHS = { contentDir: join(REPO_DIR, 'content'), localesDir: join(REPO_DIR, 'locales') };

/** Loads the content or exits with its problems on stderr, one `file:line: message` per line. */
export function loadOrExit(): ContentBuild {
  try {
    return loadContentBuild(CONTENT_PATHS);
  } catch (err) {
    if (err instanceof ContentError) {
      process.stderr.write(`${err.problems.join('\n')}\n${err.problems.length} content problem(s).\n`);
      process.exit(1);
    }
    throw err;
  }
}
