import { Logger } from '@nestjs/common';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { Q } from '../helpers/accounts';
import { expectFrenchMessage, expectSingleError } from '../helpers/errors';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/**
 * Issue 16, "Security and bad input": what a page of another site, a broken client or an attacker
 * can send to /graphql. Each is refused in French with a GraphQL-shaped body, and nothing runs.
 */
describe('cross-site requests and bad bodies', () => {
  let app: TestApp;
  let code: string;
  const email = 'cible@xsite.test';
  const mailRows = async () => Number((await app.dataSource.query(`SELECT count(*) FROM mail_message`))[0].count);
  const post = () => request(app.server).post('/graphql').set('x-commune', code).set('x-forwarded-for', '10.7.7.7');
  const resetQuery = `mutation { requestPasswordReset(input: { email: "${email}" }) }`;

  /** The GraphQL shape of every refusal: one error, French, with its code; no data. */
  const expectRefusal = (res: request.Response, status: number, reason: string) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/(graphql-response\+)?json/);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
    expectFrenchMessage(res.body.errors[0].message);
  };

  beforeAll(async () => {
    app = await TestApp.start();
    ({ code } = await app.commune('XSITE'));
  });
  afterAll(() => app?.stop());

  describe('a POST a form of another site can send', () => {
    it('form-encoded, plain text, multipart or type-less → 415, the mutation does not run', async () => {
      const rows = await mailRows();
      const attempts = [
        post().type('form').send({ query: resetQuery }),
        post()
          .set('content-type', 'text/plain')
          .send(JSON.stringify({ query: resetQuery })),
        post().field('query', resetQuery),
        post()
          .set('content-type', '')
          .send(Buffer.from(JSON.stringify({ query: resetQuery }))),
      ];
      for (const attempt of attempts) expectRefusal(await attempt, 415, 'UNSUPPORTED_MEDIA_TYPE');
      // A failed login sent as a form is not counted either: it never reaches the resolver.
      expectRefusal(
        await post()
          .type('form')
          .send({ query: `mutation { login(input: { identifier: "${email}", password: "faux" }) { accessToken } }` }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      await app.idle('mail');
      expect(await mailRows()).toBe(rows);
    });

    it('the same request as JSON runs (the refusal above is the content type, nothing else)', async () => {
      const res = await post()
        .set('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ query: resetQuery }));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: { requestPasswordReset: true } });
    });

    it('GET queries keep working; a mutation over GET is refused in French', async () => {
      const get = await request(app.server).get('/graphql').query({ query: '{ commune { code } }' }).set('x-commune', code);
      expect(get.status).toBe(200);
      expect(get.body.data.commune.code).toBe(code);
      const mutation = await request(app.server).get('/graphql').query({ query: resetQuery }).set('x-commune', code);
      expect(mutation.status).toBe(405);
      expect(mutation.body.errors[0].message).toMatch(/ne peut pas être envoyée en GET/);
      expectFrenchMessage(mutation.body.errors[0].message);
    });
  });

  describe('a lone UTF-16 surrogate in a text field', () => {
    it('→ BAD_USER_INPUT naming the field, nothing logged as an error', async () => {
      const errors = jest.spyOn(Logger.prototype, 'error');
      try {
        const reset = await app.gql(Q.requestPasswordReset, { i: { email: '\ud83d' } }, { commune: code });
        expect(reset.status).toBe(400);
        expect(expectSingleError(reset, 'BAD_USER_INPUT', 'INVALID_CHARACTER').extensions.field).toBe('email');
        const login = await app.gql(Q.login, { i: { identifier: `a\udc00@xsite.test`, password: 'x\ud800' } }, { commune: code });
        expect(expectSingleError(login, 'BAD_USER_INPUT', 'INVALID_CHARACTER').extensions.field).toBe('identifier');
        expect(errors).not.toHaveBeenCalled();
      } finally {
        errors.mockRestore();
      }
    });
  });

  describe('a compressed body that does not inflate', () => {
    it('gzip, deflate or br → 400 in the GraphQL shape; a good gzip body is read', async () => {
      // Raw bytes, as a client's compressor sends them (not through supertest's JSON encoding).
      const send = async (encoding: string, body: Buffer) => {
        const res = await fetch(`${app.portal.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': encoding, 'x-commune': code },
          body: new Uint8Array(body),
        });
        return { status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? '' }, body: await res.json() } as unknown as request.Response;
      };
      for (const encoding of ['gzip', 'deflate', 'br']) expectRefusal(await send(encoding, Buffer.from('pas compressé du tout')), 400, 'MALFORMED_BODY');
      const good = await send('gzip', gzipSync(JSON.stringify({ query: '{ commune { code } }' })));
      expect(good.body).toEqual({ data: { commune: { code } } });
    });
  });

  describe('graphql-js and Apollo speak French', () => {
    const cases: Array<[string, () => request.Test, RegExp]> = [
      ['variables as a string', () => post().send({ query: '{ commune { code } }', variables: '{}' }), /« variables » doit être un objet JSON/],
      ['an unknown type', () => post().send({ query: 'query($x: Foo) { commune { code } }' }), /le type « Foo » est inconnu/],
      ['a fragment spread within itself', () => post().send({ query: '{ ...A } fragment A on Query { ...A }' }), /le fragment « A » s’inclut lui-même/],
      ['an unknown field', () => post().send({ query: '{ commune { nope } }' }), /le champ « nope » n’existe pas sur le type « Commune »/],
      ['a syntax error', () => post().send({ query: '{ commune { ' }), /erreur de syntaxe/],
      ['an unknown operation name', () => post().send({ query: 'query A { commune { code } }', operationName: 'B' }), /aucune opération ne s’appelle « B »/],
      ['no query', () => post().send({ variables: {} }), /ne contient pas de « query »/],
    ];
    it.each(cases)('%s', async (_name, send, french) => {
      const res = await send();
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors[0].message).toMatch(french);
      expect(res.body.errors[0].message).not.toMatch(/\b(should|must|Unknown|Cannot|Syntax|provided|found|type "|Did you mean)\b/);
    });
  });
});
