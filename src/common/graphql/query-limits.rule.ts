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

/** Root fields one by one, also those brought in by fragments (`mutation { ...M }`). */
function countRootFields(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): number {
  let n = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) n += sel.name.value.startsWith('__') ? 0 : 1;
    else if (sel.kind === Kind.INLINE_FRAGMENT) n += countRootFields(sel.selectionSet, fragments, seen);
    else {
      const frag = fragments.get(sel.name.value);
      if (frag && !seen.has(frag.name.value)) n += countRootFields(frag.selectionSet, fragments, new Set([...seen, frag.name.value]));
    }
  }
  return n;
}

/** A validation rule refusing documents too deep or too large before anything runs. */
export function queryLimitsRule(limits: QueryLimits = DEFAULT_QUERY_LIMITS) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const measure = (set: SelectionSetNode, depth: number, seen: Set<string>): { depth: number; fields: number } => {
      let maxDepth = depth;
      let fields = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value.startsWith('__')) continue;
          fields++;
          if (sel.selectionSet) {
            const inner = measure(sel.selectionSet, depth + 1, seen);
            maxDepth = Math.max(maxDepth, inner.depth);
            fields += inner.fields;
          }
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          const inner = measure(sel.selectionSet, depth, seen);
          maxDepth = Math.max(maxDepth, inner.depth);
          fields += inner.fields;
        } else {
          const frag = fragments.get(sel.name.value);
          if (!frag || seen.has(frag.name.value)) continue; // unknown or cyclic: graphql-js reports it
          const inner = measure(frag.selectionSet, depth, new Set([...seen, frag.name.value]));
          maxDepth = Math.max(maxDepth, inner.depth);
          fields += inner.fields;
        }
      }
      return { depth: maxDepth, fields };
    };
    return {
      OperationDefinition(node: OperationDefinitionNode) {
        const roots = countRootFields(node.selectionSet, fragments, new Set());
        const { depth, fields } = measure(node.selectionSet, 1, new Set());
        if (depth > limits.maxDepth) {
          context.reportError(new GraphQLError(`requête trop profonde (${depth} niveaux, ${limits.maxDepth} au plus)`, { nodes: [node] }));
        } else if (fields > limits.maxFields) {
          context.reportError(new GraphQLError(`requête trop coûteuse (${fields} champs, ${limits.maxFields} au plus)`, { nodes: [node] }));
        } else if (roots > limits.maxRootFields) {
          context.reportError(new GraphQLError(`trop d'opérations dans une requête (${roots}, ${limits.maxRootFields} au plus)`, { nodes: [node] }));
        }
      },
    };
  };
}
