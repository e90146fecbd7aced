import type { Command } from 'commander';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { startServer, stopOnSignals } from '../server.js';
import { isDirectoryEmpty } from '../services/demo.js';
import { prepareStore } from '../services/setup.js';
import { openStore } from '../store/database.js';
import { loadDemoAndPrint } from './demo.js';

function configWithPort(port: string | undefined): Config {
  const config = loadConfig();
  if (port === undefined) return config;
  const parsed = Number(port);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new ConfigError('--port', `must be a whole number from 0 to 65535, not "${port}"`);
  }
  const baseUrl = process.env.BASE_URL ? config.baseUrl : `http://localhost:${parsed}`;
  return { ...config, port: parsed, baseUrl };
}

async function serve(config: Config, options: { demoWhenEmpty: boolean }): Promise<void> {
  const store = openStore(config.database);
  await prepareStore(store);
  if (options.demoWhenEmpty && (await isDirectoryEmpty(store.db))) {
    await loadDemoAndPrint(store, config);
  }
  const server = await startServer(config, store);
  stopOnSignals(server);
  console.log(`Escalate is running at ${config.baseUrl} (listening on ${server.url})`);
}

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('run the web app and its jobs (port 3000 by default, or PORT)')
    .option('--port <port>', 'the port to listen on')
    .action((options: { port?: string }) =>
      serve(configWithPort(options.port), { demoWhenEmpty: false }),
    );

  program
    .command('start')
    .description('what `npm start` runs: migrate, load the demo into an empty database, serve')
    .option('--port <port>', 'the port to listen on')
    .action((options: { port?: string }) =>
      serve(configWithPort(options.port), { demoWhenEmpty: true }),
    );
}
