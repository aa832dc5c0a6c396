/** Loads a YAML file and validates it with a zod schema, reporting problems as `file:line: message`. */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';

export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Content problems:\n${problems.join('\n')}`);
    this.name = 'ContentError';
  }
}

export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

export function loadYamlFile<S extends z.ZodTypeAny>(file: string, schema: S): z.output<S> {
  const shown = displayPath(file);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ContentError([`${shown}:1: cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ContentError(
      doc.errors.map((e) => `${shown}:${e.linePos?.[0]?.line ?? 1}: ${e.message.split('\n')[0]}`),
    );
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data;
  throw new ContentError(
    result.error.issues.map((issue) => {
      // Point at the deepest node that exists along the issue's path.
      let line = 1;
      for (let depth = issue.path.length; depth >= 0; depth--) {
        const node = doc.getIn(issue.path.slice(0, depth), true);
        if (isNode(node) && node.range) {
          line = lines.linePos(node.range[0]).line;
          break;
        }
      }
      const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
      return `${shown}:${line}: ${where}${issue.message}`;
    }),
  );
}
