/*
 * Kept hand-written (issue 17), after reading GraphQL Armor 2.x (max-depth 2.4, cost-limit 2.4,
 * max-aliases 2.6, max-tokens 2.5): it cannot express SPEC §3's limits exactly.
 * - Its rules throw a `GraphQLError("Syntax Error: …")` in English ("Query depth limit of 10
 *   exceeded, found 11."), or one fixed `errorMessage` without the numbers; they throw instead of
 *   `context.reportError`, so graphql-js's other validation errors are lost. Ours report in French
 *   with the measure and the bound, answered as BAD_USER_INPUT by formatGraphqlError.
 * - max-depth and cost-limit skip `__schema` entirely (`ignoreIntrospection`) and count `__type` as
 *   any field; ours bounds introspection on its own depth (15) and counts its fields.
 * - cost-limit is a weighted cost (objects 2, scalars 1, ×1.5 per level, ×`first`/`last`), counts
 *   `__typename`, and has no root-field count; ours counts expanded fields one by one (500).
 * - max-aliases counts aliases anywhere in the document; SPEC bounds the root fields of an
 *   operation (20), aliased or not, through fragments.
 * - max-tokens is graphql-js's `maxTokens`, already passed by Apollo (document-size.ts); Armor has no
 *   bound on a document's length in characters before parsing (documentLengthGuard).
 */
import { ASTVisitor, FragmentDefinitionNode, GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode, ValidationContext } from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  /**
   * Depth inside `__schema` / `__type`: GraphiQL's introspection query nests `ofType` a dozen levels
   * deep, so it has its own bound; its fields count like any others.
   */
  maxIntrospectionDepth?: number;
  /** Fields counted one by one, aliases included: `a: login(...) b: login(...)` costs two. */
  maxFields: number;
  /** Root fields of one operation: bounds aliased mutations such as a hundred `login`s. */
  maxRootFields: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 10, maxIntrospectionDepth: 15, maxFields: 500, maxRootFields: 20 };

/**
 * Counts saturate here: a fragment spread twice per level doubles the count at each level, so a few
 * hundred bytes reach 2^200 fields. Past a billion the exact number no longer matters.
 */
const SATURATED = 1_000_000_000;
const add = (a: number, b: number) => Math.min(a + b, SATURATED);
const countOf = (n: number) => (n >= SATURATED ? 'plus d’un milliard de' : String(n));

/**
 * What a selection set costs wherever it appears: `height` is how many levels its deepest field
 * sits below it (0 when it holds leaves only), `fields` every field of the expanded selection,
 * `roots` the fields directly at its level (through inline fragments and spreads).
 */
interface Cost {
  height: number;
  /** The same, inside introspection (`__schema`, `__type` and fragments on `__*` types). */
  metaHeight: number;
  fields: number;
  roots: number;
}

const FREE: Cost = { height: 0, metaHeight: 0, fields: 0, roots: 0 };

/** Introspection types (`__Type`, `__Field`…): what a fragment on one selects is introspection. */
const isMetaType = (name: string | undefined) => !!name?.startsWith('__');

/**
 * A validation rule refusing documents too deep or too large before anything runs. Measured on the
 * expanded document, but each fragment is measured once and its cost reused at every spread: the
 * work is linear in the size of the document, whatever the size of its expansion.
 */
export function queryLimitsRule(limits: QueryLimits = DEFAULT_QUERY_LIMITS) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const measured = new Map<string, Cost>();
    // A fragment being measured: spreading it again is a cycle, which NoFragmentCycles reports.
    const inProgress = new Set<string>();

    const fragmentCost = (name: string): Cost => {
      const known = measured.get(name);
      if (known) return known;
      const frag = fragments.get(name);
      if (!frag || inProgress.has(name)) return FREE; // unknown or cyclic: graphql-js reports it
      inProgress.add(name);
      const cost = setCost(frag.selectionSet, isMetaType(frag.typeCondition.name.value));
      inProgress.delete(name);
      measured.set(name, cost);
      return cost;
    };

    /**
     * `meta`: the set selects on an introspection type. Only `__typename` is free: `__schema` and
     * `__type` subtrees count their fields like any others (an introspection query can be made to
     * explode as well), against their own depth bound.
     */
    const setCost = (set: SelectionSetNode, meta: boolean): Cost => {
      let height = 0;
      let metaHeight = 0;
      let fields = 0;
      let roots = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value === '__typename') continue;
          fields = add(fields, 1);
          roots = add(roots, 1);
          if (sel.selectionSet) {
            const innerMeta = meta || sel.name.value.startsWith('__');
            const inner = setCost(sel.selectionSet, innerMeta);
            if (innerMeta) metaHeight = Math.max(metaHeight, inner.metaHeight + 1);
            else height = Math.max(height, inner.height + 1);
            metaHeight = Math.max(metaHeight, inner.metaHeight);
            fields = add(fields, inner.fields);
          }
        } else {
          const inner = sel.kind === Kind.INLINE_FRAGMENT ? setCost(sel.selectionSet, meta || isMetaType(sel.typeCondition?.name.value)) : fragmentCost(sel.name.value);
          height = Math.max(height, inner.height);
          metaHeight = Math.max(metaHeight, inner.metaHeight);
          fields = add(fields, inner.fields);
          roots = add(roots, inner.roots);
        }
      }
      return { height, metaHeight, fields, roots };
    };

    return {
      OperationDefinition(node: OperationDefinitionNode) {
        const { height, metaHeight, fields, roots } = setCost(node.selectionSet, false);
        const depth = height + 1;
        const metaDepth = metaHeight + 1;
        const maxMetaDepth = limits.maxIntrospectionDepth ?? limits.maxDepth;
        if (depth > limits.maxDepth) {
          context.reportError(new GraphQLError(`requête trop profonde (${depth} niveaux, ${limits.maxDepth} au plus)`, { nodes: [node] }));
        } else if (metaDepth > maxMetaDepth) {
          context.reportError(new GraphQLError(`introspection trop profonde (${metaDepth} niveaux, ${maxMetaDepth} au plus)`, { nodes: [node] }));
        } else if (fields > limits.maxFields) {
          context.reportError(new GraphQLError(`requête trop coûteuse (${countOf(fields)} champs, ${limits.maxFields} au plus)`, { nodes: [node] }));
        } else if (roots > limits.maxRootFields) {
          context.reportError(new GraphQLError(`trop d’opérations dans une requête (${countOf(roots)}, ${limits.maxRootFields} au plus)`, { nodes: [node] }));
        }
      },
    };
  };
}
