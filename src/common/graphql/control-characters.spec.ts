import { ApolloServer } from '@apollo/server';
import { parse } from 'graphql';
import { formatGraphqlError } from '../errors/format-graphql-error';
import { controlCharacterInDocument, controlCharacterInVariables, controlCharactersPlugin, hasControlCharacter } from './control-characters';

describe('control characters in text inputs', () => {
  it('are the C0 and C1 controls and DEL, except tab, line feed and carriage return', () => {
    for (const c of ['\u0000', '\u0001', '\u0007', '\u0008', '\u000B', '\u000C', '\u000E', '\u001B', '\u001F', '\u007F', '\u0085', '\u009F']) {
      expect(hasControlCharacter(`a${c}b`)).toBe(true);
    }
    expect(hasControlCharacter('Ligne 1\r\nLigne 2\tcolonne')).toBe(false);
    expect(hasControlCharacter('Léa Ø’Brien — 7 ans € 😀 \u00A0\u200B')).toBe(false);
  });

  describe('in variables', () => {
    it('names the input field without the variable, as coercion errors do', () => {
      expect(controlCharacterInVariables({ i: { firstName: 'Ma\u0000rie' } })).toBe('firstName');
      expect(controlCharacterInVariables({ i: { child: { school: 'x\u0007' } } })).toBe('child.school');
      expect(controlCharacterInVariables({ i: { days: ['2026-01-05', 'x\u0000'] } })).toBe('days[1]');
      expect(controlCharacterInVariables({ email: 'a\u0000@b.fr' })).toBe('email');
    });

    it('names the first offending field, in the order of the request', () => {
      expect(controlCharacterInVariables({ i: { password: 'a\u0000', confirmation: 'a\u0000' } })).toBe('password');
      expect(controlCharacterInVariables({ i: { list: ['ok', 'a\u0000', 'b\u0000'] }, j: 'c\u0000' })).toBe('list[1]');
    });

    it('finds nothing in clean or non-text values', () => {
      expect(controlCharacterInVariables({ i: { firstName: 'Marie', n: 3, ok: true, none: null, list: [1, 'a\tb'] } })).toBeNull();
      expect(controlCharacterInVariables(undefined)).toBeNull();
    });

    it('walks nesting deeper than the stack', () => {
      let deep: unknown = 'x\u0000';
      for (let i = 0; i < 200_000; i++) deep = [deep];
      expect(controlCharacterInVariables({ v: deep })).toMatch(/^\[0\]/);
    });
  });

  describe('in the document', () => {
    it('names the argument, input field or variable of the literal', () => {
      expect(controlCharacterInDocument(parse('mutation { a(input: { address: "1 rue\\u0000" }) { id } }'))).toBe('address');
      expect(controlCharacterInDocument(parse('{ search(text: "x\\u0007") }'))).toBe('text');
      expect(controlCharacterInDocument(parse('query($t: String = "x\\u001b") { search(text: $t) }'))).toBe('t');
      expect(controlCharacterInDocument(parse('{ a(l: ["ok", "x\\u0000"]) }'))).toBe('l');
      expect(controlCharacterInDocument(parse('{ ...F } fragment F on Query { a @include(if: true) b(s: """bloc\u0001""") }'))).toBe('s');
    });

    it('accepts clean literals, tabs and line breaks included', () => {
      expect(controlCharacterInDocument(parse('{ a(s: "ligne\\nligne\\tcolonne\\r") b(s: """\n  bloc\n""") }'))).toBeNull();
    });
  });

  describe('the plugin', () => {
    const calls: string[] = [];
    let server: ApolloServer;
    beforeAll(async () => {
      server = new ApolloServer({
        typeDefs: `
          input ProfileInput { firstName: String address: String tags: [String!] }
          type Query { echo(text: String, id: ID): String }
          type Mutation { updateProfile(input: ProfileInput!): String }
        `,
        resolvers: {
          Query: { echo: (_: unknown, a: { text?: string }) => (calls.push('echo'), a.text ?? null) },
          Mutation: { updateProfile: () => (calls.push('updateProfile'), 'ok') },
        },
        plugins: [controlCharactersPlugin()],
        formatError: formatGraphqlError,
      });
      await server.start();
    });
    afterAll(() => server.stop());
    beforeEach(() => (calls.length = 0));

    const run = async (query: string, variables?: Record<string, unknown>) => {
      const res = await server.executeOperation({ query, variables });
      if (res.body.kind !== 'single') throw new Error('single result expected');
      return { status: res.http.status, ...res.body.singleResult };
    };

    it('refuses every operation carrying one, before any resolver, naming the field but not the value', async () => {
      const cases: Array<[string, Record<string, unknown> | undefined, string]> = [
        ['mutation($i: ProfileInput!) { updateProfile(input: $i) }', { i: { firstName: 'Secret\u0000Value' } }, 'firstName'],
        ['mutation($i: ProfileInput!) { updateProfile(input: $i) }', { i: { tags: ['a', 'Secret\u0007Value'] } }, 'tags[1]'],
        ['mutation { updateProfile(input: { address: "Secret\\u0000Value" }) }', undefined, 'address'],
        ['query($t: String) { echo(text: $t) }', { t: 'Secret\u0000Value' }, 't'],
        ['{ echo(id: "Secret\\u0000Value") }', undefined, 'id'],
      ];
      for (const [query, variables, field] of cases) {
        const res = await run(query, variables);
        expect(res.status).toBe(400);
        expect(res.data).toBeUndefined();
        expect(res.errors).toHaveLength(1);
        expect(res.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'CONTROL_CHARACTER', field });
        expect(res.errors![0].message).toContain(`« ${field} »`);
        expect(res.errors![0].message).not.toMatch(/Secret|Value/);
      }
      expect(calls).toEqual([]);
    });

    it('refuses a lone UTF-16 surrogate the same way (INVALID_CHARACTER), a whole pair passes', async () => {
      const cases: Array<[string, Record<string, unknown> | undefined, string]> = [
        ['query($t: String) { echo(text: $t) }', { t: 'Secret\ud83dValue' }, 't'],
        ['query($t: String) { echo(text: $t) }', { t: '\ude00' }, 't'],
        ['mutation($i: ProfileInput!) { updateProfile(input: $i) }', { i: { tags: ['😀', 'Secret\udfffValue\ud800'] } }, 'tags[1]'],
      ];
      for (const [query, variables, field] of cases) {
        const res = await run(query, variables);
        expect(res.status).toBe(400);
        expect(res.data).toBeUndefined();
        expect(res.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'INVALID_CHARACTER', field });
        expect(res.errors![0].message).toMatch(new RegExp(`^« ${field.replace(/[[\]]/g, '\\$&')} » contient un caractère invalide`));
      }
      expect(calls).toEqual([]);
      expect((await run('query($t: String) { echo(text: $t) }', { t: 'Zoé 😀' })).data).toEqual({ echo: 'Zoé 😀' });
    });

    it('lets clean text through', async () => {
      expect((await run('query($t: String) { echo(text: $t) }', { t: 'Ligne 1\nLigne 2\tBâtiment B' })).data).toEqual({ echo: 'Ligne 1\nLigne 2\tBâtiment B' });
      expect((await run('mutation { updateProfile(input: { firstName: "Zoé" }) }')).data).toEqual({ updateProfile: 'ok' });
    });
  });
});
