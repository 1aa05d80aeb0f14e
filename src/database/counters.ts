import { EntityManager } from 'typeorm';

/**
 * Next value of a per-commune counter. The upsert takes the counter row's lock for as long as the
 * caller's transaction lasts: inside a transaction the numbering is gapless (invoices); called in
 * autocommit it is a short lock and a rolled-back caller leaves a gap (reservations, payments).
 */
export async function nextCounter(manager: EntityManager, communeId: string, name: string): Promise<number> {
  const rows = (await manager.query(
    `INSERT INTO commune_counter (commune_id, name, value) VALUES ($1, $2, 1)
     ON CONFLICT (commune_id, name) DO UPDATE SET value = commune_counter.value + 1
     RETURNING value`,
    [communeId, name],
  )) as Array<{ value: number }>;
  return rows[0].value;
}
