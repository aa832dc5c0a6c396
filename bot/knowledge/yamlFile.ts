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
  return loadYamlFileWithLines(file, schema).data;
}

export interface Located<T> {
  data: T;
  /** The line of the node at a path inside the file (the nearest existing parent), for later checks. */
  lineAt(path: readonly (string | number)[]): number;
  file: string;
}

export function loadYamlFileWithLines<S extends z.ZodTypeAny>(file: string, schema: S): Located<z.output<S>> {
  const shown = displayPath(file);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ContentError([
      `${shown}:1: cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    ]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ContentError(doc.errors.map((e) => `${shown}:${e.linePos?.[0]?.line ?? 1}: ${e.message.split('\n')[0]}`));
  }
  const lineAt = (path: readonly (string | number)[]): number => {
    // The deepest node that exists along the path.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return 1;
  };
  const result = schema.safeParse(doc.toJS());
  if (result.success) return { data: result.data, lineAt, file: shown };
  throw new ContentError(
    result.error.issues.map((issue) => {
      const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
      return `${shown}:${lineAt(issue.path)}: ${where}${issue.message}`;
    }),
  );
}
