import { consoleConfigFromEnv, createConsoleApp, listen } from './console-server';

async function main() {
  const config = consoleConfigFromEnv();
  const server = await listen(createConsoleApp(config), config);
  console.log(`console listening on http://${config.host}:${config.port}`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(`console failed to start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
