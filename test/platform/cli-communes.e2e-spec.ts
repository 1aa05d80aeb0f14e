import { spawn } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { CommuneDirectory } from '../../src/modules/communes/commune-directory.service';
import { TestApp } from '../helpers/test-app';

/** `npm run cli -- …` (the built CLI) on the test app's database and Redis; its exit code and output. */
function cli(app: TestApp, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const c = app.portal.config;
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    DATABASE_URL: c.databaseUrl!,
    REDIS_URL: c.redisUrl!,
    QUEUE_PREFIX: c.queuePrefix,
    JWT_SECRET: c.jwtSecret,
    HEALTH_DATA_KEY: c.healthDataKey.toString('base64'),
    SMTP_URL: app.mailbox.url,
    PUBLIC_URL: 'http://front.test',
    MIGRATIONS_RUN: 'false',
    SYSTEMPAY_MODE: 'TEST',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'src', 'cli.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

const COMMUNE = ['--name', 'Mairie de Bruguières', '--address', '1 place de la Mairie', '--postal-code', '31150', '--city', 'Bruguières', '--phone', '05.61.82.20.00'];

/** SPEC §5: `create-commune --host` and `commune-hosts` declare the host names a commune is reached at. */
describe('the CLI and the host names of communes', () => {
  let app: TestApp;

  /** The commune the app finds for a host name (its list of communes read again first, as after 30 s). */
  const communeAt = async (host: string) => {
    app.get<CommuneDirectory>(CommuneDirectory).invalidate();
    const res = await request(app.server).post('/graphql').set('host', host).send({ query: '{ commune { code } }' });
    return res.body.data?.commune?.code ?? res.body.errors[0].extensions.reason;
  };

  beforeAll(async () => {
    app = await TestApp.start({ SEED_DEMO: 'true' });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('create-commune --host: the commune answers at its host names; its addresses and links name it', async () => {
    const run = await cli(app, [
      'create-commune',
      '--code',
      'BRUGUIERES',
      ...COMMUNE,
      '--admin-email',
      'regie@bruguieres.test',
      '--host',
      'Cantine.Bruguieres.test',
      '--host',
      'portail.bruguieres.test',
    ]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('Portail : http://front.test/?domaine=BRUGUIERES');
    expect(run.out).toContain('Espace agents : http://front.test/agents?domaine=BRUGUIERES');
    expect(run.out).toMatch(/Lien d’activation \(envoyé par mail\) : http:\/\/front\.test\/agents\/activation\?domaine=BRUGUIERES&token=/);
    expect(await communeAt('cantine.bruguieres.test')).toBe('BRUGUIERES');
    expect(await communeAt('portail.bruguieres.test')).toBe('BRUGUIERES');
    // The demo's commune is no longer alone: a host nobody declared names none.
    expect(await communeAt('ailleurs.test')).toBe('COMMUNE_REQUIRED');
  });

  it('commune-hosts adds and removes; a host of another commune or not a host name is refused, nothing changes', async () => {
    const moved = await cli(app, ['commune-hosts', '--code', 'bruguieres', '--add', 'cantine-2.bruguieres.test', '--remove', 'portail.bruguieres.test']);
    expect(moved.code).toBe(0);
    expect(moved.out).toContain('Noms d’hôte de BRUGUIERES : cantine-2.bruguieres.test, cantine.bruguieres.test');
    expect(await communeAt('portail.bruguieres.test')).toBe('COMMUNE_REQUIRED');
    expect(await communeAt('cantine-2.bruguieres.test')).toBe('BRUGUIERES');

    const taken = await cli(app, ['commune-hosts', '--code', 'AUTERIVE', '--add', 'cantine.auterive.test', '--add', 'cantine.bruguieres.test']);
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('Nom d’hôte déjà déclaré par une autre commune : cantine.bruguieres.test (BRUGUIERES)');
    const invalid = await cli(app, ['create-commune', '--code', 'VILLEMUR', ...COMMUNE, '--admin-email', 'regie@villemur.test', '--host', 'https://villemur.test/']);
    expect(invalid.code).toBe(1);
    expect(invalid.err).toContain('Nom d’hôte invalide');
    expect(await communeAt('cantine.auterive.test')).toBe('COMMUNE_REQUIRED');
    expect(await communeAt('cantine.bruguieres.test')).toBe('BRUGUIERES');
    const villemur = await request(app.server).post('/graphql').set('x-commune', 'VILLEMUR').send({ query: '{ commune { code } }' });
    expect(villemur.body.errors[0].extensions.reason).toBe('COMMUNE_NOT_FOUND');
  });
});
