import { buildSchema, getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql';
import { DEFAULT_QUERY_LIMITS, QueryLimits, queryLimitsRule } from './query-limits.rule';

const schema = buildSchema(`
  type Query { a: Int node: Node nodes: [Node] }
  type Node { id: ID name: String child: Node children: [Node] }
  type Mutation { login(identifier: String!): Payload }
  type Payload { token: String }
`);

const check = (source: string, limits: QueryLimits) => validate(schema, parse(source), [queryLimitsRule(limits)]).map((e) => e.message);

/** n aliased copies of a selection: `f1: … f2: …`. */
const aliased = (n: number, selection: (i: number) => string) => Array.from({ length: n }, (_, i) => selection(i + 1)).join(' ');

describe('queryLimitsRule', () => {
  describe('depth', () => {
    const limits = { maxDepth: 3, maxFields: 1000, maxRootFields: 100 };

    it('accepts a document exactly as deep as allowed', () => {
      expect(check('{ node { child { id } } }', limits)).toEqual([]);
    });

    it('refuses one level more, naming both numbers', () => {
      expect(check('{ node { child { child { id } } } }', limits)).toEqual(['requête trop profonde (4 niveaux, 3 au plus)']);
    });

    it('counts the levels inside fragments where they are spread', () => {
      expect(check('{ node { ...F } } fragment F on Node { child { id } }', limits)).toEqual([]);
      expect(check('{ node { ...F } } fragment F on Node { child { child { id } } }', limits)).toEqual([
        'requête trop profonde (4 niveaux, 3 au plus)',
      ]);
      expect(check('{ node { ... on Node { child { child { id } } } } }', limits)).toEqual(['requête trop profonde (4 niveaux, 3 au plus)']);
    });

    it('follows nested fragments', () => {
      const doc = '{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { id } }';
      expect(check(doc, limits)).toEqual(['requête trop profonde (4 niveaux, 3 au plus)']);
    });

    it('survives cyclic and unknown fragments (graphql-js reports those itself)', () => {
      const cyclic = '{ node { ...F } } fragment F on Node { child { ...F } }';
      expect(check(cyclic, limits)).toEqual([]);
      expect(validate(schema, parse(cyclic), [...specifiedRules, queryLimitsRule(limits)]).map((e) => e.message)).toEqual([
        'Cannot spread fragment "F" within itself.',
      ]);
      expect(check('{ node { ...Missing } }', limits)).toEqual([]);
    });
  });

  describe('field count', () => {
    const limits = { maxDepth: 10, maxFields: 6, maxRootFields: 100 };

    it('counts every field of the document', () => {
      expect(check('{ node { id name child { id name } } }', limits)).toEqual([]); // 6 fields
      expect(check('{ node { id name child { id name } } a }', limits)).toEqual(['requête trop coûteuse (7 champs, 6 au plus)']);
    });

    it('counts aliases one by one', () => {
      expect(check(`{ ${aliased(6, (i) => `a${i}: a`)} }`, limits)).toEqual([]);
      expect(check(`{ ${aliased(7, (i) => `a${i}: a`)} }`, limits)).toEqual(['requête trop coûteuse (7 champs, 6 au plus)']);
    });

    it('counts a fragment once per spread', () => {
      const doc = '{ n1: node { ...F } n2: node { ...F } } fragment F on Node { id name child { id } }';
      expect(check(doc, limits)).toEqual(['requête trop coûteuse (10 champs, 6 au plus)']);
    });

    it('counts the fields of inline fragments', () => {
      expect(check('{ node { ... on Node { id name } ... { child { id name } } } a }', limits)).toEqual([
        'requête trop coûteuse (7 champs, 6 au plus)',
      ]);
    });

    it('does not count introspection fields such as __typename', () => {
      expect(check('{ __typename node { __typename id name child { __typename id name } } }', limits)).toEqual([]);
    });
  });

  describe('root field count', () => {
    const limits = { maxDepth: 10, maxFields: 1000, maxRootFields: 3 };
    const logins = (n: number) => aliased(n, (i) => `l${i}: login(identifier: "u${i}") { token }`);

    it('accepts as many aliased mutations as allowed', () => {
      expect(check(`mutation { ${logins(3)} }`, limits)).toEqual([]);
    });

    it('refuses more aliased mutations than allowed', () => {
      expect(check(`mutation { ${logins(4)} }`, limits)).toEqual(["trop d'opérations dans une requête (4, 3 au plus)"]);
    });

    it('does not count __typename at the root', () => {
      expect(check('{ __typename a b: a c: a }', limits)).toEqual([]);
    });

    it('measures each operation of a document on its own', () => {
      expect(check(`mutation A { ${logins(3)} } mutation B { ${logins(3)} }`, limits)).toEqual([]);
      const errors = validate(schema, parse(`mutation A { ${logins(3)} } mutation B { ${logins(4)} }`), [queryLimitsRule(limits)]);
      expect(errors.map((e) => e.message)).toEqual(["trop d'opérations dans une requête (4, 3 au plus)"]);
      expect(errors[0].locations).toEqual([{ line: 1, column: expect.any(Number) }]);
      expect(errors[0].nodes?.[0]).toMatchObject({ kind: 'OperationDefinition', name: { value: 'B' } });
    });

    /**
     * Fixed bug: root fields reached through a fragment spread or an inline fragment at
     * the root count as ONE, so `mutation { ...M } fragment M on Mutation { l1: login … l20: login }`
     * passes maxRootFields (only maxFields bounds it). Fixed in query-limits.rule.ts: count
     * the root fields by walking fragments, e.g. a `countRoots(set, seen)` that adds 1 per field not
     * starting with `__` and recurses into inline fragments and (non-cyclic) fragment spreads.
     */
    it('counts root fields hidden in fragments one by one', () => {
      expect(check(`mutation { ...M } fragment M on Mutation { ${logins(4)} }`, limits)).toEqual([
        "trop d'opérations dans une requête (4, 3 au plus)",
      ]);
      expect(check(`mutation { ... on Mutation { ${logins(4)} } }`, limits)).toEqual(["trop d'opérations dans une requête (4, 3 au plus)"]);
    });
  });

  it('reports one problem per operation, depth first', () => {
    const limits = { maxDepth: 2, maxFields: 2, maxRootFields: 1 };
    expect(check('{ node { child { id } } a }', limits)).toEqual(['requête trop profonde (3 niveaux, 2 au plus)']);
  });

  describe('default limits', () => {
    it('let GraphiQL introspect the schema', () => {
      expect(validate(schema, parse(getIntrospectionQuery()), [...specifiedRules, queryLimitsRule()])).toEqual([]);
    });

    it(`refuse a hundred aliased logins (${DEFAULT_QUERY_LIMITS.maxRootFields} root fields at most)`, () => {
      const doc = `mutation { ${aliased(100, (i) => `l${i}: login(identifier: "u${i}") { token }`)} }`;
      expect(check(doc, DEFAULT_QUERY_LIMITS)).toEqual([`trop d'opérations dans une requête (100, ${DEFAULT_QUERY_LIMITS.maxRootFields} au plus)`]);
    });

    it(`refuse documents deeper than ${DEFAULT_QUERY_LIMITS.maxDepth} levels`, () => {
      const deep = (n: number): string => (n === 1 ? 'id' : `child { ${deep(n - 1)} }`);
      expect(check(`{ node { ${deep(DEFAULT_QUERY_LIMITS.maxDepth - 1)} } }`, DEFAULT_QUERY_LIMITS)).toEqual([]);
      expect(check(`{ node { ${deep(DEFAULT_QUERY_LIMITS.maxDepth)} } }`, DEFAULT_QUERY_LIMITS)).toEqual([
        `requête trop profonde (${DEFAULT_QUERY_LIMITS.maxDepth + 1} niveaux, ${DEFAULT_QUERY_LIMITS.maxDepth} au plus)`,
      ]);
    });
  });
});
