/**
 * Adds an agent to the agents file (or gives an existing one a new password):
 *   npm run agent:add -- --id kari --name "Kari Nordmann" --languages nb,en,pl [--file agents.json]
 * With --password-stdin the password is read from standard input (at least 12 characters); otherwise
 * one is generated and printed once. Only its scrypt hash is stored.
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';

import { loadConfigOrExit } from '../config.ts';
import { AgentsFileError, generatePassword, readAgentsFile, upsertAgent } from '../services/agents.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      id: { type: 'string' },
      name: { type: 'string' },
      languages: { type: 'string' },
      file: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
  });
  const config = loadConfigOrExit();
  const file = values.file ?? config.agents.file;
  if (!values.id || !values.name || !values.languages) {
    process.stderr.write(
      'usage: npm run agent:add -- --id <id> --name "<name>" --languages nb,en[,…] [--file <agents.json>] [--password-stdin]\n',
    );
    process.exit(2);
  }
  const languages = values.languages
    .split(',')
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
  const given = values['password-stdin'] ? readFileSync(0, 'utf8').trim() : undefined;
  if (given !== undefined && given.length < 12) {
    process.stderr.write('The password must be at least 12 characters.\n');
    process.exit(2);
  }
  const password = given ?? generatePassword();
  try {
    readAgentsFile(file); // a broken file is reported, never overwritten
    await upsertAgent(file, { id: values.id.toLowerCase(), name: values.name, languages }, password);
  } catch (err) {
    process.stderr.write(`${err instanceof AgentsFileError ? err.message : (err as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(`Agent "${values.id}" saved in ${file}.\n`);
  if (given === undefined) process.stdout.write(`Password (shown once): ${password}\n`);
}

void main();
