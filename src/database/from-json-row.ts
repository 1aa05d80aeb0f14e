import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity from a `row_to_json(…)` column of a hand-written query, mapped through TypeORM's own
 * column metadata (no second list of column names to keep in step).
 */
export function fromJsonRow<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const meta = manager.connection.getMetadata(target);
  const entity = meta.create() as T;
  for (const column of meta.columns) {
    const value = row[column.databaseName];
    (entity as Record<string, unknown>)[column.propertyName] = value != null && (column.type === 'timestamptz' || column.type === 'timestamp with time zone') ? new Date(value as string) : value;
  }
  return entity;
}
