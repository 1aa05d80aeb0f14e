import { ApolloServer } from '@apollo/server';
import { getIntrospectionQuery } from 'graphql';
import { formatGraphqlError } from '../errors/format-graphql-error';
import { documentSizePlugin, MAX_DOCUMENT_LENGTH, MAX_DOCUMENT_TOKENS } from './document-size';

/** The bounds as the portal sets them (app.module.ts): the plugin for the length, parseOptions for the tokens. */
describe('document size', () => {
  let server: ApolloServer;
  beforeAll(async () => {
    server = new ApolloServer({
      typeDefs: 'type Query { a: Int }',
      resolvers: { Query: { a: () => 1 } },
      plugins: [documentSizePlugin()],
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

  it(`refuses a document over ${MAX_DOCUMENT_LENGTH} characters before parsing it`, async () => {
    const res = await run(`{ a } #${'x'.repeat(MAX_DOCUMENT_LENGTH)}`);
    expect(res.status).toBe(400);
    expect(res.errors).toEqual([
      { message: 'Requête GraphQL trop longue (20 000 caractères au plus) : découpez-la en plusieurs requêtes.', extensions: { code: 'BAD_USER_INPUT', reason: 'DOCUMENT_TOO_LARGE' } },
    ]);
    expect((await run(`{ a } #${'x'.repeat(MAX_DOCUMENT_LENGTH - 8)}`)).data).toEqual({ a: 1 });
  });

  it(`refuses a document over ${MAX_DOCUMENT_TOKENS} tokens while parsing it, in French`, async () => {
    const res = await run(`{ ${'a '.repeat(MAX_DOCUMENT_TOKENS)}}`);
    expect(res.status).toBe(400);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({
      message: 'Requête GraphQL trop longue (2 000 éléments au plus) : découpez-la en plusieurs requêtes.',
      extensions: { code: 'BAD_USER_INPUT', reason: 'DOCUMENT_TOO_LARGE' },
    });
    expect((await run(`{ ${'a '.repeat(MAX_DOCUMENT_TOKENS - 2)}}`)).data).toEqual({ a: 1 });
  });

  it('leaves room for GraphiQL’s introspection query', async () => {
    expect((await run(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }))).errors).toBeUndefined();
  });
});
