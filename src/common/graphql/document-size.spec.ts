import { ApolloServer } from '@apollo/server';
import type { Request, Response } from 'express';
import { getIntrospectionQuery } from 'graphql';
import { formatGraphqlError } from '../errors/format-graphql-error';
import { documentLengthGuard, MAX_DOCUMENT_LENGTH, MAX_DOCUMENT_TOKENS } from './document-size';

describe('document size', () => {
  describe('documentLengthGuard', () => {
    const guard = (req: Partial<Request>) => {
      const answer: { status?: number; body?: unknown; next: boolean } = { next: false };
      const res = {
        status(code: number) {
          answer.status = code;
          return this;
        },
        json(body: unknown) {
          answer.body = body;
          return this;
        },
      };
      documentLengthGuard(req as Request, res as unknown as Response, () => (answer.next = true));
      return answer;
    };
    const long = `{ a } #${'x'.repeat(MAX_DOCUMENT_LENGTH)}`;

    it(`refuses a document over ${MAX_DOCUMENT_LENGTH} characters, posted or in the URL, with a GraphQL-shaped 400`, () => {
      for (const req of [
        { method: 'POST', body: { query: long } },
        { method: 'GET', query: { query: long } },
      ] as Array<Partial<Request>>) {
        expect(guard(req)).toEqual({
          next: false,
          status: 400,
          body: {
            errors: [
              {
                message: 'Requête GraphQL trop longue (20 000 caractères au plus) : découpez-la en plusieurs requêtes.',
                extensions: { code: 'BAD_USER_INPUT', reason: 'DOCUMENT_TOO_LARGE' },
              },
            ],
          },
        });
      }
    });

    it('lets everything else through to Apollo', () => {
      expect(guard({ method: 'POST', body: { query: long.slice(0, MAX_DOCUMENT_LENGTH) } })).toEqual({ next: true });
      expect(guard({ method: 'POST', body: [{ query: long }] })).toEqual({ next: true }); // a batch: Apollo refuses it
      expect(guard({ method: 'POST', body: undefined })).toEqual({ next: true });
      expect(guard({ method: 'GET', query: {} })).toEqual({ next: true });
    });
  });

  /** The token bound as the portal sets it (app.module.ts): Apollo's parseOptions. */
  describe('maxTokens', () => {
    let server: ApolloServer;
    beforeAll(async () => {
      server = new ApolloServer({
        typeDefs: 'type Query { a(l: [Int]): Int }',
        resolvers: { Query: { a: () => 1 } },
        parseOptions: { maxTokens: MAX_DOCUMENT_TOKENS },
        formatError: formatGraphqlError,
      });
      await server.start();
    });
    afterAll(() => server.stop());

    const run = async (query: string) => {
      const res = await server.executeOperation({ query });
      if (res.body.kind !== 'single') throw new Error('single result expected');
      return { status: res.http.status, ...res.body.singleResult };
    };

    /** `{ a(l: [1 1 …]) }`: n numbers and 9 other tokens. */
    const tokens = (n: number) => `{ a(l: [${'1 '.repeat(n - 9)}]) }`;

    it(`refuses a document over ${MAX_DOCUMENT_TOKENS} tokens while parsing it, in French`, async () => {
      const res = await run(tokens(MAX_DOCUMENT_TOKENS + 1));
      expect(res.status).toBe(400);
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]).toMatchObject({
        message: 'Requête GraphQL trop longue (2 000 éléments au plus) : découpez-la en plusieurs requêtes.',
        extensions: { code: 'BAD_USER_INPUT', reason: 'DOCUMENT_TOO_LARGE' },
      });
      const fits = await run(tokens(MAX_DOCUMENT_TOKENS));
      expect(fits.errors).toBeUndefined();
      expect(fits.data).toEqual({ a: 1 });
    });

    it('leave room for GraphiQL’s introspection query', async () => {
      const introspection = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true });
      expect(introspection.length).toBeLessThan(MAX_DOCUMENT_LENGTH / 5);
      expect((await run(introspection)).errors).toBeUndefined();
    });
  });
});
