import request from 'supertest';
import { Q } from '../helpers/accounts';
import { C } from '../helpers/catalog';
import { expectFrenchMessage, expectSingleError } from '../helpers/errors';
import { PASSWORD, TestApp } from '../helpers/test-app';

// The e2e project's testTimeout is not applied by Jest (a global-only option): set it here.
jest.setTimeout(60_000);

/**
 * Requests built to hurt rather than to be answered: documents whose expansion explodes, documents
 * too long, text with control characters, bodies too large or not JSON. Each is refused quickly, in
 * French, with a GraphQL-shaped body, and the portal goes on answering.
 */
describe('abuse over HTTP', () => {
  let app: TestApp;
  let family: { token: string };

  const postRaw = () => request(app.server).post('/graphql').set('x-forwarded-for', '10.9.9.9');
  const communeStillAnswers = async () => {
    const res = await app.gql(Q.commune);
    expect(res.errors).toBeUndefined();
    expect(res.data.commune.code).toBe('ABUSHTTP');
  };
  const me = async () => (await app.ok(`query { me { firstName lastName address } }`, {}, { token: family.token })).me;

  beforeAll(async () => {
    app = await TestApp.start();
    const { code, adminToken } = await app.commune('ABUSHTTP');
    family = await app.family(code, adminToken, { email: 'abus-http@example.org', firstName: 'Marie', lastName: 'Dupont' });
  });
  afterAll(() => app.stop());

  describe('documents', () => {
    /** `F23` spreads `F22` twice, … down to `F0`: under 900 bytes, 2^23 `commune` fields once expanded. */
    const doubling = () => {
      const fragments = ['fragment F0 on Query{commune{name}}'];
      for (let i = 1; i < 24; i++) fragments.push(`fragment F${i} on Query{...F${i - 1} ...F${i - 1}}`);
      return `query{...F23} ${fragments.join(' ')}`;
    };

    /**
     * Fixed bug: the query-limits rule expanded every spread again (2^23 walks of F0): this one
     * request froze the process for about 17 s, every other request waiting behind it. The timeout
     * below only catches that hang; the rule now measures each fragment once.
     */
    it('refuses the fragment-doubling document of under 900 bytes, anonymous, and answers the next request', async () => {
      const doc = doubling();
      expect(Buffer.byteLength(doc)).toBeLessThan(900);
      const res = await app.gql(doc);
      expect(res.status).toBe(400);
      expect(res.data).toBeUndefined();
      const err = expectSingleError(res, 'BAD_USER_INPUT');
      expect(err.message).toMatch(/trop coûteuse/);
      await communeStillAnswers();
    }, 10_000);

    it('refuses a document longer than 20 000 characters before reading it', async () => {
      const padded = `query { commune { name } } ${'#'.repeat(20_000)}`;
      const res = await app.gql(padded);
      expect(res.status).toBe(400);
      expect(res.data).toBeUndefined();
      const err = expectSingleError(res, 'BAD_USER_INPUT', 'DOCUMENT_TOO_LARGE');
      expect(err.message).toMatch(/20 000/);
      // Just under the bound, the same document is answered.
      const fits = await app.gql(`query { commune { name } } ${'#'.repeat(19_000)}`);
      expect(fits.errors).toBeUndefined();
      expect(fits.data.commune.name).toBe('Mairie de ABUSHTTP');
    });

    it('refuses a document of too many tokens while parsing it', async () => {
      const res = await app.gql(`query { commune { ${'name '.repeat(3000)}} }`);
      expect(res.status).toBe(400);
      expect(res.data).toBeUndefined();
      const err = expectSingleError(res, 'BAD_USER_INPUT', 'DOCUMENT_TOO_LARGE');
      expect(err.message).not.toMatch(/tokens|Parsing/);
      await communeStillAnswers();
    });
  });

  /**
   * Fixed bug: a NUL reached PostgreSQL, which refuses it in text ("invalid byte sequence"): the
   * client got INTERNAL_SERVER_ERROR. Text with control characters is now refused before anything
   * runs, whether it comes in variables or in the document.
   */
  describe('control characters in text inputs', () => {
    it('refuses a NUL in a variable, naming the field, and changes nothing', async () => {
      const before = await me();
      const res = await app.gql(Q.updateProfile, { i: { firstName: 'Ma\u0000rie', address: '3 rue des Lilas' } }, { token: family.token });
      expect(res.status).toBe(400);
      const err = expectSingleError(res, 'BAD_USER_INPUT', 'CONTROL_CHARACTER');
      expect(err.extensions.field).toBe('firstName');
      expect(err.message).toMatch(/firstName/);
      expect(await me()).toEqual(before);
    });

    it('refuses a NUL written as an escape in the document itself', async () => {
      const before = await me();
      const res = await app.gql(`mutation { updateProfile(input: { address: "1 rue\\u0000 des Écoles" }) { id } }`, {}, { token: family.token });
      const err = expectSingleError(res, 'BAD_USER_INPUT', 'CONTROL_CHARACTER');
      expect(err.extensions.field).toBe('address');
      expect(await me()).toEqual(before);
    });

    it('refuses any other control character, e.g. BEL in a child’s school: no child is added', async () => {
      const before = (await app.ok(C.myChildren, {}, { token: family.token })).myChildren;
      const res = await app.gql(C.addChild, { i: { firstName: 'Léa', lastName: 'DUPONT', birthDate: '2016-04-02', school: 'Ecole\u0007 Jules Ferry' } }, { token: family.token });
      expect(expectSingleError(res, 'BAD_USER_INPUT', 'CONTROL_CHARACTER').extensions.field).toBe('school');
      expect((await app.ok(C.myChildren, {}, { token: family.token })).myChildren).toEqual(before);
    });

    it('accepts tabs and line breaks', async () => {
      const address = '3 rue des Lilas\r\nBâtiment B\tescalier 2';
      const data = await app.ok(Q.updateProfile, { i: { address } }, { token: family.token });
      expect(data.updateProfile.address).toBe(address);
    });

    it('never repeats a refused password', async () => {
      const newPassword = 'Nouveau\u0000Secret-2026';
      const res = await postRaw()
        .set('authorization', `Bearer ${family.token}`)
        .send({ query: Q.changePassword, variables: { i: { currentPassword: PASSWORD, newPassword, newPasswordConfirmation: newPassword } } });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CONTROL_CHARACTER', field: 'newPassword' });
      expect(res.text).not.toContain('Nouveau');
      expect(res.text).not.toContain(PASSWORD);
      // The password did not change.
      await app.ok(Q.login, { i: { identifier: 'abus-http@example.org', password: PASSWORD } });
    });
  });

  describe('bodies', () => {
    /** The GraphQL shape every refusal has, with its French message. */
    const expectGraphqlShaped = (res: request.Response, reason: string) => {
      expect(res.headers['content-type']).toMatch(/^application\/(graphql-response\+)?json/);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason });
      expectFrenchMessage(res.body.errors[0].message);
      expect(res.body.data).toBeUndefined();
    };

    it('answers a body over the size limit with HTTP 413', async () => {
      const res = await postRaw()
        .set('content-type', 'application/json')
        .send(JSON.stringify({ query: Q.commune, variables: { padding: 'x'.repeat(200_000) } }));
      expect(res.status).toBe(413);
      expectGraphqlShaped(res, 'PAYLOAD_TOO_LARGE');
      await communeStillAnswers();
    });

    it('answers malformed JSON with HTTP 400, without the parser’s English', async () => {
      const res = await postRaw().set('content-type', 'application/json').send('{"query": "{ commune { name } }", ');
      expect(res.status).toBe(400);
      expectGraphqlShaped(res, 'MALFORMED_JSON');
      expect(res.body.errors[0].message).not.toMatch(/Unexpected|JSON at position|token/i);
      await communeStillAnswers();
    });

    it('still reads an ordinary JSON body', async () => {
      const res = await postRaw()
        .set('content-type', 'application/json')
        .send(JSON.stringify({ query: Q.commune }));
      expect(res.status).toBe(200);
      expect(res.body.data.commune.code).toBe('ABUSHTTP');
    });
  });
});
