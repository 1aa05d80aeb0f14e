import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startPortal } from './bootstrap';
import { ConfigError, loadConfig } from './config/app-config';

/** Queue workers without HTTP: `APP_ROLE=worker node dist/src/worker.js`. Scale by running more. */
async function main() {
  const config = loadConfig({ APP_ROLE: 'worker', ...process.env });
  if (config.role === 'api') throw new ConfigError(['APP_ROLE=api : le processus worker exécute les files, utilisez worker ou all']);
  const portal = await startPortal(config, { http: false });
  new Logger('Worker').log(`Workers prêts (préfixe de files « ${config.queuePrefix} »).`);
  const stop = async () => {
    await portal.stop().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : ((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
