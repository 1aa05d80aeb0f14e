import { buildSchema, getIntrospectionQuery, Kind, parse, specifiedRules, validate } from 'graphql';
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
      expect(check('{ node { ...F } } fragment F on Node { child { child { id } } }', limits)).toEqual(['requête trop profonde (4 niveaux, 3 au plus)']);
      expect(check('{ node { ... on Node { child { child { id } } } } }', limits)).toEqual(['requête trop profonde (4 niveaux, 3 au plus)']);
    });

    it('follows nested fragments', () => {
      const doc = '{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { id } }';
      expect(check(doc, limits)).toEqual(['requête trop profonde (4 niveaux, 3 au plus)']);
    });

    it('survives cyclic and unknown fragments (graphql-js reports those itself)', () => {
      const cyclic = '{ node { ...F } } fragment F on Node { child { ...F } }';
      expect(check(cyclic, limits)).toEqual([]);
      expect(validate(schema, parse(cyclic), [...specifiedRules, queryLimitsRule(limits)]).map((e) => e.message)).toEqual(['Cannot spread fragment "F" within itself.']);
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
      expect(check('{ node { ... on Node { id name } ... { child { id name } } } a }', limits)).toEqual(['requête trop coûteuse (7 champs, 6 au plus)']);
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
      expect(check(`mutation { ${logins(4)} }`, limits)).toEqual(['trop d’opérations dans une requête (4, 3 au plus)']);
    });

    it('does not count __typename at the root', () => {
      expect(check('{ __typename a b: a c: a }', limits)).toEqual([]);
    });

    it('measures each operation of a document on its own', () => {
      expect(check(`mutation A { ${logins(3)} } mutation B { ${logins(3)} }`, limits)).toEqual([]);
      const errors = validate(schema, parse(`mutation A { ${logins(3)} } mutation B { ${logins(4)} }`), [queryLimitsRule(limits)]);
      expect(errors.map((e) => e.message)).toEqual(['trop d’opérations dans une requête (4, 3 au plus)']);
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
      expect(check(`mutation { ...M } fragment M on Mutation { ${logins(4)} }`, limits)).toEqual(['trop d’opérations dans une requête (4, 3 au plus)']);
      expect(check(`mutation { ... on Mutation { ${logins(4)} } }`, limits)).toEqual(['trop d’opérations dans une requête (4, 3 au plus)']);
    });
  });

  /**
   * Fixed bug: each spread was measured again, so `F1 { ...F0 ...F0 } … F23 { ...F22 ...F22 }`, an
   * 884-byte document, cost 2^23 walks of F0 (17 s during which no other request was answered).
   * Each fragment is now measured once and its cost reused wherever it is spread.
   */
  describe('fragments spread many times', () => {
    /** `F0` holds two fields; every further level spreads the previous one twice. */
    const doubling = (levels: number) => {
      const fragments = ['fragment F0 on Query { node { name } }'];
      for (let i = 1; i < levels; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
      return `query { ...F${levels - 1} } ${fragments.join(' ')}`;
    };

    /** Counts how often the rule reads the selections of each fragment definition. */
    const countingReads = (source: string) => {
      const document = parse(source);
      let reads = 0;
      for (const def of document.definitions) {
        if (def.kind !== Kind.FRAGMENT_DEFINITION) continue;
        const selections = def.selectionSet.selections;
        Object.defineProperty(def.selectionSet, 'selections', {
          get: () => {
            reads++;
            return selections;
          },
        });
      }
      return { document, reads: () => reads };
    };

    it('reads each fragment a bounded number of times, however often it is spread', () => {
      const levels = 16;
      const { document, reads } = countingReads(doubling(levels));
      const errors = validate(schema, document, [queryLimitsRule(DEFAULT_QUERY_LIMITS)]);
      expect(errors.map((e) => e.message)).toEqual([`requête trop coûteuse (${2 ** levels} champs, ${DEFAULT_QUERY_LIMITS.maxFields} au plus)`]);
      // The visitor of graphql-js reads each one once, the rule once more: linear, not 2^16.
      expect(reads()).toBeLessThanOrEqual(3 * levels);
    });

    it('refuses the 24-level document (2^24 fields) at once', () => {
      expect(check(doubling(24), DEFAULT_QUERY_LIMITS)).toEqual([`requête trop coûteuse (${2 ** 24} champs, ${DEFAULT_QUERY_LIMITS.maxFields} au plus)`]);
    });

    it('counts root fields and depth through the same fragments', () => {
      expect(check(doubling(6), { maxDepth: 10, maxFields: 1000, maxRootFields: 20 })).toEqual(['trop d’opérations dans une requête (32, 20 au plus)']);
      expect(check(doubling(6), { maxDepth: 1, maxFields: 1000, maxRootFields: 100 })).toEqual(['requête trop profonde (2 niveaux, 1 au plus)']);
    });

    it('does not overflow when the count passes any number (200 levels, 2^200 fields)', () => {
      expect(check(doubling(200), DEFAULT_QUERY_LIMITS)).toEqual([`requête trop coûteuse (plus d’un milliard de champs, ${DEFAULT_QUERY_LIMITS.maxFields} au plus)`]);
    });

    it('measures a fragment spread at several depths from its own height', () => {
      const limits = { maxDepth: 4, maxFields: 1000, maxRootFields: 100 };
      const doc = '{ a: node { ...F } b: node { child { child { ...F } } } } fragment F on Node { child { id } }';
      expect(check(doc, limits)).toEqual(['requête trop profonde (5 niveaux, 4 au plus)']);
      expect(check('{ a: node { ...F } b: node { child { ...F } } } fragment F on Node { child { id } }', limits)).toEqual([]);
    });

    it('survives a cycle reached through another fragment', () => {
      const doc = '{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { id ...A }';
      expect(check(doc, { maxDepth: 10, maxFields: 1000, maxRootFields: 100 })).toEqual([]);
    });
  });

  it('reports one problem per operation, depth first', () => {
    const limits = { maxDepth: 2, maxFields: 2, maxRootFields: 1 };
    expect(check('{ node { child { id } } a }', limits)).toEqual(['requête trop profonde (3 niveaux, 2 au plus)']);
  });

  describe('default limits', () => {
    it('let GraphiQL introspect the schema', () => {
      expect(validate(schema, parse(getIntrospectionQuery()), [...specifiedRules, queryLimitsRule()])).toEqual([]);
      expect(
        validate(schema, parse(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true })), [
          ...specifiedRules,
          queryLimitsRule(),
        ]),
      ).toEqual([]);
    });

    /**
     * Regression guard (found by review): everything under a `__` field was free, so an anonymous
     * introspection document whose fragments double at each level ran exponentially on the event loop.
     */
    it('count introspection fields too: a doubling introspection document is refused', () => {
      const levels = 12;
      const frags = Array.from({ length: levels }, (_, i) => (i === 0 ? `fragment F0 on __Type { name }` : `fragment F${i} on __Type { a: ofType { ...F${i - 1} } b: ofType { ...F${i - 1} } }`)).join(
        ' ',
      );
      const doc = `{ __schema { types { ...F${levels - 1} } } } ${frags}`;
      const errors = validate(schema, parse(doc), [...specifiedRules, queryLimitsRule()]).map((e) => e.message);
      expect(errors.some((m) => /requête trop coûteuse|introspection trop profonde/.test(m))).toBe(true);
      expect(check(`{ __type(name: "Query") { ${'fields { type { ofType { '.repeat(5)}name${' } } }'.repeat(5)} } }`, DEFAULT_QUERY_LIMITS)).toEqual([
        'introspection trop profonde (17 niveaux, 15 au plus)',
      ]);
    });

    it(`refuse a hundred aliased logins (${DEFAULT_QUERY_LIMITS.maxRootFields} root fields at most)`, () => {
      const doc = `mutation { ${aliased(100, (i) => `l${i}: login(identifier: "u${i}") { token }`)} }`;
      expect(check(doc, DEFAULT_QUERY_LIMITS)).toEqual([`trop d’opérations dans une requête (100, ${DEFAULT_QUERY_LIMITS.maxRootFields} au plus)`]);
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
