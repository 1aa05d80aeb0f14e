import { startClockAt } from './common/dates/clock';
import { todayIn } from './common/dates/local-date';
import { INestApplication, INestApplicationContext, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { documentLengthGuard } from './common/graphql/document-size';
import { mountGraphiql } from './common/graphql/graphiql';
import { useBodyParsers } from './common/http/body-parsers';
import { jsonOnlyGraphql } from './common/http/json-only';
import { mountPortal } from './common/http/portal';
import { EmbeddedDatabase, startEmbeddedDatabase } from './database/embedded-database';
import { runMigrations } from './database/migrate';
import { DemoSeeder } from './setup/demo-seeder';

export interface RunningPortal {
  config: AppConfig;
  /** The HTTP app (roles api and all) or a bare context (worker). */
  app: INestApplication | INestApplicationContext;
  /** Base URL when HTTP is served. */
  url: string | null;
  databaseUrl: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Serve HTTP (api, all) — false for the worker entry point and the CLI. */
  http: boolean;
  logger?: LogLevel[] | false;
}

/** Starts the portal as configured: embedded database if needed, migrations, Nest, demo data. */
export async function startPortal(config: AppConfig, options: StartOptions): Promise<RunningPortal> {
  const logger = new Logger('Portail');
  if (config.clockStart) {
    startClockAt(config.clockStart);
    logger.warn(`Calendrier déplacé (CLOCK_START) : nous sommes le ${todayIn('Europe/Paris')} pour toutes les règles de dates`);
  }
  let embedded: EmbeddedDatabase | null = null;
  const databaseUrl = config.databaseUrl ?? (embedded = await startEmbeddedDatabase(config.dataDir)).url;
  try {
    if (config.migrationsRun) await runMigrations(databaseUrl, config.embedded);
    const module = AppModule.forRoot(config, databaseUrl);
    let app: INestApplication | INestApplicationContext;
    let url: string | null = null;
    const nestOptions = { logger: options.logger ?? (['log', 'warn', 'error'] as LogLevel[]), abortOnError: false };
    if (options.http) {
      // Our own body parsers, which answer their errors as GraphQL does (413, 400).
      const http = await NestFactory.create<NestExpressApplication>(module, { ...nestOptions, bodyParser: false });
      if (config.trustProxy) http.set('trust proxy', /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
      http.disable('x-powered-by');
      // Before the parsers: a form's POST to /graphql is refused unread (cross-site requests, SPEC §3).
      http.use('/graphql', jsonOnlyGraphql);
      useBodyParsers(http);
      http.use('/graphql', documentLengthGuard);
      mountGraphiql(http.getHttpAdapter().getInstance());
      mountPortal(http.getHttpAdapter().getInstance(), config.systempay.paymentUrl);
      await http.listen(config.port, '0.0.0.0');
      const port = (http.getHttpServer().address() as AddressInfo).port;
      url = `http://localhost:${port}`;
      app = http;
    } else {
      app = await NestFactory.createApplicationContext(module, nestOptions);
    }
    if (config.seedDemo) await app.get(DemoSeeder).seed();
    return {
      config,
      app,
      url,
      databaseUrl,
      // The entry points own the signals (main.ts, worker.ts): Nest's own shutdown hooks would race
      // them and kill the process before the embedded database is closed.
      async stop() {
        await app.close();
        if (embedded) await embedded.stop();
      },
    };
  } catch (err) {
    logger.error(`Démarrage impossible : ${(err as Error).message}`);
    if (embedded) await embedded.stop().catch(() => undefined);
    throw err;
  }
}
