/**
 * A GraphQL enum object (`{ BOOK: 'BOOK', … }`) from the list of values the domain code already has,
 * so that each set of states is written once.
 */
export function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}
