import {
  ASTVisitor,
  FragmentDefinitionNode,
  GraphQLError,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  /** Fields counted one by one, aliases included: `a: login(...) b: login(...)` costs two. */
  maxFields: number;
  /** Root fields of one operation: bounds aliased mutations such as a hundred `login`s. */
  maxRootFields: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 10, maxFields: 500, maxRootFields: 20 };

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
  fields: number;
  roots: number;
}

const FREE: Cost = { height: 0, fields: 0, roots: 0 };

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
      const cost = setCost(frag.selectionSet);
      inProgress.delete(name);
      measured.set(name, cost);
      return cost;
    };

    const setCost = (set: SelectionSetNode): Cost => {
      let height = 0;
      let fields = 0;
      let roots = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value.startsWith('__')) continue;
          fields = add(fields, 1);
          roots = add(roots, 1);
          if (sel.selectionSet) {
            const inner = setCost(sel.selectionSet);
            height = Math.max(height, inner.height + 1);
            fields = add(fields, inner.fields);
          }
        } else {
          const inner = sel.kind === Kind.INLINE_FRAGMENT ? setCost(sel.selectionSet) : fragmentCost(sel.name.value);
          height = Math.max(height, inner.height);
          fields = add(fields, inner.fields);
          roots = add(roots, inner.roots);
        }
      }
      return { height, fields, roots };
    };

    return {
      OperationDefinition(node: OperationDefinitionNode) {
        const { height, fields, roots } = setCost(node.selectionSet);
        const depth = height + 1;
        if (depth > limits.maxDepth) {
          context.reportError(new GraphQLError(`requête trop profonde (${depth} niveaux, ${limits.maxDepth} au plus)`, { nodes: [node] }));
        } else if (fields > limits.maxFields) {
          context.reportError(new GraphQLError(`requête trop coûteuse (${countOf(fields)} champs, ${limits.maxFields} au plus)`, { nodes: [node] }));
        } else if (roots > limits.maxRootFields) {
          context.reportError(new GraphQLError(`trop d'opérations dans une requête (${countOf(roots)}, ${limits.maxRootFields} au plus)`, { nodes: [node] }));
        }
      },
    };
  };
}
