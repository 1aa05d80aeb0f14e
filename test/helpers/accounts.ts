import { expectError, expectFrenchMessage } from './errors';
import { createHmac } from 'node:crypto';
import { CapturedMail, Mailbox } from './mailbox';
import { GqlOptions, PASSWORD, TestApp } from './test-app';

/** GraphQL documents of the accounts part, written as a client would. */
export const Q = {
  ACCOUNT_FIELDS: `id login email emailVerified role firstName lastName phone address family { id name }`,
  get me() {
    return `query { me { ${this.ACCOUNT_FIELDS} } }`;
  },
  commune: `query { commune { code name address postalCode city phone email timezone } }`,
  get login() {
    return `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken expiresAt account { ${this.ACCOUNT_FIELDS} } } }`;
  },
  refresh: `mutation($i: RefreshSessionInput!) { refreshSession(input: $i) { accessToken refreshToken expiresAt account { id login } } }`,
  activate: `mutation($i: ActivateAccountInput!) { activateAccount(input: $i) { accessToken refreshToken expiresAt account { id login email emailVerified role } } }`,
  logout: `mutation { logout }`,
  changePassword: `mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`,
  requestPasswordReset: `mutation($i: RequestPasswordResetInput!) { requestPasswordReset(input: $i) }`,
  resetPassword: `mutation($i: ResetPasswordInput!) { resetPassword(input: $i) }`,
  get updateProfile() {
    return `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { ${this.ACCOUNT_FIELDS} } }`;
  },
  requestEmailChange: `mutation($i: RequestEmailChangeInput!) { requestEmailChange(input: $i) }`,
  confirmEmailChange: `mutation($i: ConfirmEmailChangeInput!) { confirmEmailChange(input: $i) { id login email emailVerified } }`,
  get createFamilyAccount() {
    return `mutation($i: CreateFamilyAccountInput!) { createFamilyAccount(input: $i) { ${this.ACCOUNT_FIELDS} } }`;
  },
  resendActivation: `mutation($i: ResendActivationInput!) { resendActivation(input: $i) }`,
  updateStaffAccount: `mutation($i: UpdateStaffAccountInput!) { updateStaffAccount(input: $i) { id firstName lastName role active } }`,
  get createStaffAccount() {
    return `mutation($i: CreateStaffAccountInput!) { createStaffAccount(input: $i) { ${this.ACCOUNT_FIELDS} } }`;
  },
};

export { expectError, expectFrenchMessage };

/** Sets X-Forwarded-For to a fixed or fresh address; a tiny counter keeps test IPs distinct per file. */
let ipCounter = 0;
export const freshIp = () => {
  ipCounter++;
  return `192.0.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`;
};

export async function login(app: TestApp, identifier: string, password = PASSWORD, options: GqlOptions = {}) {
  return app.gql(Q.login, { i: { identifier, password } }, options);
}

/** Logs in and returns the tokens, failing the test when refused. */
export async function loginOk(app: TestApp, identifier: string, password = PASSWORD, options: GqlOptions = {}) {
  const data = await app.ok(Q.login, { i: { identifier, password } }, options);
  return data.login as { accessToken: string; refreshToken: string; expiresAt: string; account: any };
}

export async function me(app: TestApp, token: string, options: GqlOptions = {}) {
  return app.gql(Q.me, {}, { ...options, token });
}

/** The access token still opens a session. */
export async function expectTokenWorks(app: TestApp, token: string, options: GqlOptions = {}) {
  const res = await me(app, token, options);
  expect(res.errors).toBeUndefined();
  expect(res.data.me.id).toEqual(expect.any(String));
  return res.data.me;
}

/** The access token is refused as a client would notice: UNAUTHENTICATED and no data. */
export async function expectTokenRefused(app: TestApp, token: string, options: GqlOptions = {}) {
  const res = await me(app, token, options);
  expectError(res, 'UNAUTHENTICATED');
  return res.errors![0];
}

/** Waits until queued work (reset requests) and mails have been handled. */
export async function settle(app: TestApp): Promise<void> {
  await app.idle('accounts');
  await app.idle('mail');
  await app.idle('accounts');
  await app.idle('mail');
}

export async function expectNoMailTo(app: TestApp, address: string): Promise<void> {
  await settle(app);
  expect(app.mailbox.to(address)).toHaveLength(0);
}

export function mailCount(app: TestApp, address: string): number {
  return app.mailbox.to(address).length;
}

/** Asserts a mail carries a front-end link of the given path and returns its token. */
export function linkToken(mail: CapturedMail, path: 'activation' | 'agents/activation' | 'reinitialisation' | 'confirmation-email'): string {
  // The link names its commune (`domaine=CODE`) first, then the token.
  const re = new RegExp(`http://front\\.test/${path}\\?domaine=([A-Z0-9_-]+)&token=([A-Za-z0-9_%-]+)`);
  const inText = mail.text.match(re);
  expect(inText).not.toBeNull();
  // The HTML part links to the same place (attribute entities decoded, as a browser does).
  expect(decodeEntities(mail.html)).toContain(`href="http://front.test/${path}?domaine=${inText![1]}&token=${inText![2]}"`);
  const token = decodeURIComponent(inText![2]);
  expect(token).toBe(Mailbox.token(mail));
  // At least 128 random bits: 22+ base64url characters.
  expect(token.length).toBeGreaterThanOrEqual(22);
  return token;
}

const decodeEntities = (html: string) =>
  html
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');

/** No password of any kind in a mail. */
export function expectNoPasswordIn(mail: CapturedMail, ...passwords: string[]): void {
  for (const p of [PASSWORD, ...passwords]) {
    expect(mail.text).not.toContain(p);
    expect(mail.html).not.toContain(p);
  }
  expect(mail.text).not.toMatch(/mot de passe\s*:\s*\S/i);
}

export interface CreatedAccount {
  id: string;
  login: string;
  email: string;
  familyId: string | null;
}

let familyCounter = 0;
/** Staff open a family account (not activated). */
export async function createFamily(
  app: TestApp,
  staffToken: string,
  who: { email?: string; firstName?: string; lastName?: string; phone?: string; address?: string; login?: string } = {},
  options: GqlOptions = {},
): Promise<CreatedAccount> {
  familyCounter++;
  const input = {
    email: who.email ?? `famille${familyCounter}-${Date.now()}@example.org`,
    firstName: who.firstName ?? 'Marie',
    lastName: who.lastName ?? `Dupont${familyCounter}`,
    ...(who.phone !== undefined ? { phone: who.phone } : {}),
    ...(who.address !== undefined ? { address: who.address } : {}),
    ...(who.login !== undefined ? { login: who.login } : {}),
  };
  const data = await app.ok(Q.createFamilyAccount, { i: input }, { ...options, token: staffToken });
  const a = data.createFamilyAccount;
  return { id: a.id, login: a.login, email: a.email, familyId: a.family?.id ?? null };
}

/** Staff open a family account and the family activates it from the mail; returns its session too. */
export async function activatedFamily(
  app: TestApp,
  commune: string,
  staffToken: string,
  who: Parameters<typeof createFamily>[2] = {},
): Promise<CreatedAccount & { token: string; refreshToken: string }> {
  const created = await createFamily(app, staffToken, who, { commune });
  const mail = await app.mailbox.waitFor(created.email);
  const data = await app.ok(Q.activate, { i: { token: linkToken(mail, 'activation'), password: PASSWORD } }, { commune });
  return { ...created, token: data.activateAccount.accessToken, refreshToken: data.activateAccount.refreshToken };
}

/** The ADMIN of a commune opens a staff account, which is activated from its mail. */
export async function activatedStaff(app: TestApp, commune: string, adminToken: string, email: string, role: 'STAFF' | 'ADMIN' = 'STAFF') {
  const data = await app.ok(Q.createStaffAccount, { i: { email, firstName: 'Agent', lastName: role === 'STAFF' ? 'Accueil' : 'Chef', role } }, { token: adminToken, commune });
  const mail = await app.mailbox.waitFor(email);
  const act = await app.ok(Q.activate, { i: { token: linkToken(mail, 'agents/activation'), password: PASSWORD } }, { commune });
  return { id: data.createStaffAccount.id as string, login: data.createStaffAccount.login as string, email, token: act.activateAccount.accessToken as string };
}

/** Expires every unused link token of an account (as if its validity had passed). */
export async function expireTokens(app: TestApp, accountId?: string): Promise<void> {
  if (accountId) {
    await app.dataSource.query(`UPDATE account_token SET expires_at = now() - interval '1 minute' WHERE account_id = $1`, [accountId]);
  } else {
    await app.dataSource.query(`UPDATE account_token SET expires_at = now() - interval '1 minute'`);
  }
}

/** Hand-made JWTs, as an attacker would forge them. */
const b64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
export function decodeJwt(token: string): { header: any; payload: any; signature: string } {
  const [h, p, s] = token.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url').toString()), payload: JSON.parse(Buffer.from(p, 'base64url').toString()), signature: s };
}
export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string | null): string {
  const unsigned = `${b64url(header)}.${b64url(payload)}`;
  if (secret === null) return `${unsigned}.`;
  const alg = ({ HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as Record<string, string>)[String(header.alg)] ?? 'sha256';
  return `${unsigned}.${createHmac(alg, secret).update(unsigned).digest('base64url')}`;
}
