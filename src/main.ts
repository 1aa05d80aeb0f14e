import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startPortal } from './bootstrap';
import { ConfigError, loadConfig } from './config/app-config';

/** API process (APP_ROLE=api) or everything in one process (APP_ROLE=all, the default). */
async function main() {
  const started = Date.now();
  const config = loadConfig(process.env);
  const portal = await startPortal(config, { http: config.role !== 'worker' });
  const logger = new Logger('Portail');
  const lines = [
    `Portail Famille prêt en ${((Date.now() - started) / 1000).toFixed(1)} s — rôle ${config.role}, ${config.embedded ? 'base embarquée (PGlite)' : 'PostgreSQL'}, files ${config.redisUrl ? 'BullMQ (Redis)' : 'en mémoire'}`,
  ];
  if (portal.url) {
    lines.push(`  Portail des familles : ${portal.url}/   (ouvrez cette adresse dans un navigateur)`);
    lines.push(`  API GraphQL et GraphiQL : ${portal.url}/graphql   santé : ${portal.url}/health`);
  }
  if (config.seedDemo) {
    lines.push(`  Démo (commune AUTERIVE) — agent : ${config.demo.staffLogin}, famille : ${config.demo.familyLogin}, administrateur : admin.demo ; mot de passe : ${config.demo.password}`);
  }
  if (!config.smtpUrl) lines.push(`  Les mails sont écrits dans ${config.mailDir} (leurs liens s’affichent ici).`);
  lines.forEach((l) => logger.log(l));
  const stop = async (signal: string) => {
    logger.log(`${signal} reçu, arrêt…`);
    await portal.stop().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`Le portail n’a pas pu démarrer : ${(err as Error)?.stack ?? err}\n`);
  process.exit(1);
});
