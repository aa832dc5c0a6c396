/** Reading the evaluation files (JSON Lines), shared by `eval`, `bench` and the tests. */
import { readFileSync } from 'node:fs';
import { EvalItemSchema, type EvalItem } from '../understanding/evaluation.ts';

/** Reads JSON Lines eval files, naming the file and line of any bad entry. */
export function readEvalFiles(files: readonly string[]): { items: EvalItem[]; problems: string[] } {
  const items: EvalItem[] = [];
  const problems: string[] = [];
  for (const file of files) {
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (err) {
      problems.push(`${file}:1: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      continue;
    }
    source.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const parsed = EvalItemSchema.safeParse(JSON.parse(line));
        if (parsed.success) items.push(parsed.data);
        else
          problems.push(
            `${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'line'}: ${x.message}`).join('; ')}`,
          );
      } catch (err) {
        problems.push(`${file}:${i + 1}: ${(err as Error).message}`);
      }
    });
  }
  return { items, problems };
}
