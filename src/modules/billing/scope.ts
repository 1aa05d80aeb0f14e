/** Whose rows a read may see: the commune's, and for a family only its own. */
export interface Scope {
  communeId: string;
  /** Set for a family: another family's rows are not found. */
  familyId?: string | null;
}

/** A scope as a TypeORM `where`. */
export const scoped = (scope: Scope) => ({ communeId: scope.communeId, ...(scope.familyId ? { familyId: scope.familyId } : {}) });
