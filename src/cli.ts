import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { startPortal } from './bootstrap';
import { AppConfig, ConfigError, loadCommandLineConfig } from './config/app-config';
import { runMigrations } from './database/migrate';
import { startEmbeddedDatabase } from './database/embedded-database';
import { JOB_QUEUE_DRIVER, JobQueueDriver } from './queue/job-queue.port';
import { CommunesService } from './modules/communes/communes.service';
import { CommuneOnboarding } from './setup/commune-onboarding.service';
import { DemoSeeder } from './setup/demo-seeder';

const USAGE = `Usage : npm run cli -- <commande> [options]

  create-commune --code CODE --name NOM --address ADRESSE --postal-code CP --city VILLE
                 --phone TEL --admin-email EMAIL [--email EMAIL] [--public-url URL] [--host HÔTE]…
      Crée une commune et son premier compte ADMIN (le lien d’activation est affiché et envoyé).
      --host (répétable) : nom d’hôte où le portail de cette commune est servi (cantine.ville.fr).
  commune-hosts --code CODE [--add HÔTE]… [--remove HÔTE]…
      Déclare ou retire les noms d’hôte d’une commune, puis les affiche.
  migration:run     Applique les migrations en attente.
  schema:generate   Écrit schema.gql à partir du code (GraphQL code-first).
  seed              Charge les données de démonstration (sans effet si déjà chargées).

En mode embarqué (sans DATABASE_URL), arrêtez d’abord le portail : la base embarquée ne sert qu’un processus.`;

async function withDatabaseUrl<T>(config: AppConfig, work: (url: string) => Promise<T>): Promise<T> {
  if (config.databaseUrl) return work(config.databaseUrl);
  const embedded = await startEmbeddedDatabase(config.dataDir);
  try {
    return await work(embedded.url);
  } finally {
    await embedded.stop();
  }
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  const base = loadCommandLineConfig();
  // The CLI runs jobs it enqueues itself when there is no Redis worker to take them.
  const config: AppConfig = { ...base, role: base.redisUrl ? 'api' : 'all', seedDemo: false };
  switch (command) {
    case 'migration:run': {
      const applied = await withDatabaseUrl(config, (url) => runMigrations(url, config.embedded));
      process.stdout.write(applied.length ? `Appliquées : ${applied.join(', ')}\n` : 'Aucune migration en attente.\n');
      return;
    }
    case 'schema:generate': {
      const file = resolve('schema.gql');
      const portal = await startPortal({ ...config, schemaFile: file, port: 0 }, { http: true, logger: ['error'] });
      await portal.stop();
      process.stdout.write(`Schéma écrit dans ${file}\n`);
      return;
    }
    case 'seed': {
      const portal = await startPortal(config, { http: false, logger: ['error', 'warn'] });
      await portal.app.get(DemoSeeder).seed();
      await portal.stop();
      process.stdout.write('Données de démonstration chargées.\n');
      return;
    }
    case 'create-commune': {
      const { values } = parseArgs({
        args: rest,
        options: {
          code: { type: 'string' },
          name: { type: 'string' },
          address: { type: 'string' },
          'postal-code': { type: 'string' },
          city: { type: 'string' },
          phone: { type: 'string' },
          email: { type: 'string' },
          'admin-email': { type: 'string' },
          'public-url': { type: 'string' },
          host: { type: 'string', multiple: true },
        },
      });
      const required = ['code', 'name', 'address', 'postal-code', 'city', 'phone', 'admin-email'] as const;
      const missing = required.filter((k) => !values[k]?.trim());
      if (missing.length) throw new UsageError(`Options manquantes : ${missing.map((m) => `--${m}`).join(', ')}`);
      if (!/^[A-Za-z0-9_-]{2,32}$/.test(values.code!)) throw new UsageError('--code : 2 à 32 lettres, chiffres, « _ » ou « - ».');
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values['admin-email']!)) throw new UsageError('--admin-email : adresse e-mail invalide.');
      const portal = await startPortal(config, { http: false, logger: ['error', 'warn'] });
      try {
        const result = await portal.app.get(CommuneOnboarding).createCommune(
          {
            code: values.code!,
            name: values.name!,
            address: values.address!,
            postalCode: values['postal-code']!,
            city: values.city!,
            phone: values.phone!,
            email: values.email ?? null,
            publicUrl: values['public-url'] ?? config.publicUrl,
            hosts: values.host ?? [],
          },
          { email: values['admin-email']! },
        );
        if (!config.redisUrl) await portal.app.get<JobQueueDriver>(JOB_QUEUE_DRIVER).whenIdle('mail');
        process.stdout.write(
          `Commune ${result.code} créée.\nPortail : ${result.portalUrl}\nEspace agents : ${result.backOfficeUrl}\n` +
            (values.host?.length ? `Noms d’hôte : ${values.host.join(', ')}\n` : '') +
            `Compte ADMIN : ${result.adminLogin} (${values['admin-email']})\nLien d’activation (envoyé par mail) : ${result.activationLink}\n`,
        );
      } finally {
        await portal.stop();
      }
      return;
    }
    case 'commune-hosts': {
      const { values } = parseArgs({
        args: rest,
        options: { code: { type: 'string' }, add: { type: 'string', multiple: true }, remove: { type: 'string', multiple: true } },
      });
      if (!values.code?.trim()) throw new UsageError('Option manquante : --code');
      const portal = await startPortal(config, { http: false, logger: ['error', 'warn'] });
      try {
        const hosts = await portal.app.get(CommunesService).changeHosts(values.code, { add: values.add, remove: values.remove });
        process.stdout.write(`Noms d’hôte de ${values.code.trim().toUpperCase()} : ${hosts.length ? hosts.join(', ') : 'aucun'}\n`);
      } finally {
        await portal.stop();
      }
      return;
    }
    default:
      throw new UsageError(command ? `Commande inconnue : ${command}` : 'Commande manquante.');
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err) => {
    if (err instanceof UsageError) process.stderr.write(`${err.message}\n\n${USAGE}\n`);
    else if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`${(err as Error)?.message ?? err}\n`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
