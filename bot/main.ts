/** Entry point for `npm start`: configuration, then the server. Exits with a clear message on bad config. */
import { loadConfigOrExit } from './config.ts';
import { createLogger } from './logger.ts';
import { ContentError } from './knowledge/yamlFile.ts';
import { createApp } from './server.ts';
import { DirectoryLockedError } from './store/dirLock.ts';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  let app;
  try {
    app = await createApp(config, logger);
  } catch (err) {
    if (err instanceof ContentError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    if (err instanceof DirectoryLockedError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(3);
    }
    logger.fatal({ err }, 'start-up failed');
    process.exit(1);
  }
  const port = await app.listen();
  const engine = app.core.store.db.engine;
  logger.info({ port, host: config.host, engine, emulator: config.botFramework.emulator }, 'listening');
  if (config.env !== 'production') process.stdout.write(`\nVeiviser is running: http://localhost:${port}\n\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await app.close().catch(() => {});
    process.exit(0);
  };
  // A failure that escaped its request must not take every other conversation down with it.
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled rejection');
  });
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

void main();
