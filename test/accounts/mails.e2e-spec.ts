import { randomUUID } from 'node:crypto';
import { PasswordResetRequestJob } from '../../src/modules/accounts/jobs/password-reset-request.job';
import { SendMailJob } from '../../src/modules/notifications/jobs/send-mail.job';
import { TestApp } from '../helpers/test-app';
import { createFamily, linkToken, mailCount, Q, settle } from '../helpers/accounts';

// The e2e project's testTimeout is not applied by Jest (a global-only option): set it here.
jest.setTimeout(60_000);

/** Account mails go through the outbox and out once, whatever the retries. */
describe('account mails', () => {
  let app: TestApp;
  let adminToken: string;
  let communeId: string;

  const mailRows = (to: string) => app.dataSource.query(`SELECT id, status, html, text, attempts, sent_at FROM mail_message WHERE to_address = $1 ORDER BY created_at`, [to]);

  beforeAll(async () => {
    app = await TestApp.start();
    adminToken = (await app.commune('MAILVILLE')).adminToken;
    communeId = (await app.dataSource.query(`SELECT id FROM commune WHERE code = 'MAILVILLE'`))[0].id;
  });
  afterAll(() => app.stop());

  it('is in French, in the commune’s layout (name, address, phone)', async () => {
    const fam = await createFamily(app, adminToken, { email: 'layout@example.org', firstName: 'Léa', lastName: 'Gabarit' });
    const mail = await app.mailbox.waitFor(fam.email);
    expect(mail.subject).toBe('Mairie de MAILVILLE — activez votre compte Portail Famille');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Bonjour Léa Gabarit');
      expect(part).toContain('Mairie de MAILVILLE');
      expect(part).toContain('1 place de la Mairie');
      expect(part).toContain('05.00.00.00.00');
      expect(part).toContain('7 jours');
    }
  });

  it('escapes what staff typed in the HTML part', async () => {
    const fam = await createFamily(app, adminToken, { email: 'html@example.org', firstName: '<img src=x onerror=alert(1)>', lastName: 'Tom & "Jerry"' });
    const mail = await app.mailbox.waitFor(fam.email);
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(mail.text).toContain('Bonjour <img src=x onerror=alert(1)> Tom & "Jerry"');
  });

  it('a mail is sent once even when its job runs again; once sent, its body is erased', async () => {
    const fam = await createFamily(app, adminToken, { email: 'once@example.org' });
    await app.mailbox.waitFor(fam.email);
    await settle(app);
    const [row] = await mailRows(fam.email);
    expect(row).toMatchObject({ status: 'SENT', html: null, text: null, attempts: 1 });
    expect(row.sent_at).not.toBeNull();

    const sender = app.get<SendMailJob>(SendMailJob);
    await sender.handle(row.id);
    await sender.handle(row.id);
    await settle(app);
    expect(mailCount(app, fam.email)).toBe(1);
    const [after] = await mailRows(fam.email);
    expect(after).toMatchObject({ status: 'SENT', html: null, text: null, attempts: 1 });
  });

  it('two workers handling the same queued mail at once send it once', async () => {
    const id = randomUUID();
    await app.dataSource.query(
      `INSERT INTO mail_message (id, commune_id, to_address, template, subject, html, text) VALUES ($1, $2, 'twice@example.org', 'activation', 'Test', '<p>Bonjour</p>', 'Bonjour')`,
      [id, communeId],
    );
    const sender = app.get<SendMailJob>(SendMailJob);
    await Promise.all([sender.handle(id), sender.handle(id), sender.handle(id)]);
    await settle(app);
    expect(mailCount(app, 'twice@example.org')).toBe(1);
    const [row] = await mailRows('twice@example.org');
    expect(row).toMatchObject({ status: 'SENT', html: null, text: null });
  });

  it('a retried password-reset job issues one link and one mail', async () => {
    const fam = await createFamily(app, adminToken, { email: 'retry.reset@example.org' });
    await app.mailbox.waitFor(fam.email);
    const resetJob = app.get<PasswordResetRequestJob>(PasswordResetRequestJob);
    const request = { requestId: randomUUID(), communeId, email: fam.email };
    await resetJob.handle(request);
    await resetJob.handle(request);
    await settle(app);
    expect(mailCount(app, fam.email)).toBe(2); // activation + one reset
    const resetMail = await app.mailbox.waitFor(fam.email, 2);
    const token = linkToken(resetMail, 'reinitialisation');
    expect((await app.ok(Q.resetPassword, { i: { token, newPassword: 'Reprise-Unique-2026' } })).resetPassword).toBe(true);
    const tokens = await app.dataSource.query(`SELECT count(*)::int AS n FROM account_token WHERE account_id = $1 AND purpose = 'PASSWORD_RESET'`, [fam.id]);
    expect(tokens[0].n).toBe(1);
  });

  /**
   * Regression guard (a bug found and fixed): the reset mail's dedupe key was built from the BullMQ
   * job id, which starts again at 1 once Redis loses its data (or QUEUE_PREFIX changes): the next
   * reset request was taken for an old one and its mail silently dropped.
   */
  it('a reset request after Redis lost its data still gets its mail', async () => {
    const fam = await createFamily(app, adminToken, { email: 'redis.lost@example.org' });
    await app.mailbox.waitFor(fam.email);
    await app.ok(Q.requestPasswordReset, { i: { email: fam.email } }, { commune: 'MAILVILLE' });
    await app.mailbox.waitFor(fam.email, 2);
    await settle(app);
    // Redis loses this deployment's keys (job ids, queues): BullMQ counts from 1 again.
    await app.flushQueues();
    await app.ok(Q.requestPasswordReset, { i: { email: fam.email } }, { commune: 'MAILVILLE' });
    const second = await app.mailbox.waitFor(fam.email, 3);
    expect(second.subject).toBe('Portail Famille — vos identifiants de connexion');
    expect(mailCount(app, fam.email)).toBe(3); // activation + two resets
  });

  it('a job for a mail that does not exist does nothing', async () => {
    const before = app.mailbox.mails.length;
    const missing = randomUUID();
    await expect(app.get<SendMailJob>(SendMailJob).handle(missing)).resolves.toBeUndefined();
    await settle(app);
    expect(app.mailbox.mails.length).toBe(before);
  });
});
