import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Db } from '../../database/unit-of-work';
import { ACTIVITY_SQL } from '../activities/activities.store';
import { ReservationEntity } from './reservation.entity';

/**
 * How reservations of the same child and day refer to one another (a later request that cancelled
 * a day booked by an earlier one). Read only: the lines themselves are written by `ReservationsStore`.
 */
@Injectable()
export class ReservationLinksStore {
  /**
   * For each accepted BOOK line asked, the reservation whose accepted CANCEL line cancelled it: the
   * first one numbered after the line's own (a cancellation can only be asked of a booked day, so
   * no other booking of that day comes between them). Lines never cancelled are left out.
   */
  async cancellingReservations(db: Db, lineIds: readonly string[]): Promise<Array<{ lineId: string; reservation: ReservationEntity }>> {
    if (!lineIds.length) return [];
    const rows = (await db.manager.query(
      `SELECT b.id AS line_id, c.reservation_id
         FROM reservation_line b JOIN reservation rb ON rb.id = b.reservation_id
         CROSS JOIN LATERAL (
           SELECT cl.reservation_id FROM reservation_line cl JOIN reservation rc ON rc.id = cl.reservation_id
            WHERE cl.child_id = b.child_id AND cl.activity_id = b.activity_id AND cl.date = b.date
              AND cl.kind = 'CANCEL' AND cl.state = 'ACCEPTED' AND rc.number > rb.number
            ORDER BY rc.number LIMIT 1
         ) c
        WHERE b.id = ANY($1::uuid[]) AND b.kind = 'BOOK' AND b.state = 'ACCEPTED'`,
      [lineIds],
    )) as Array<{ line_id: string; reservation_id: string }>;
    if (!rows.length) return [];
    const reservations = await db.manager.findBy(ReservationEntity, { id: In([...new Set(rows.map((r) => r.reservation_id))]) });
    const byId = new Map(reservations.map((r) => [r.id, r]));
    return rows.filter((r) => byId.has(r.reservation_id)).map((r) => ({ lineId: r.line_id, reservation: byId.get(r.reservation_id)! }));
  }

  /**
   * For each accepted BOOK line asked, what the town hall did to its day since, without a request
   * of the family: the day closed (the closure's label), or the absence excused. Lines whose day is
   * still booked, or was cancelled by a later request (`cancellingReservations`), are left out.
   */
  async townHallOutcomes(db: Db, lineIds: readonly string[]): Promise<Array<{ lineId: string; excused: boolean; closureLabel: string | null }>> {
    if (!lineIds.length) return [];
    const rows = (await db.manager.query(
      `SELECT x.line_id, x.excused, x.closure_label FROM (
         SELECT l.id AS line_id, p.status = 'EXCUSED' AS excused, ${ACTIVITY_SQL.closureCovering('l.activity_id', 'l.date')} AS closure_label
           FROM reservation_line l JOIN presence p ON p.line_id = l.id
          WHERE l.id = ANY($1::uuid[]) AND l.kind = 'BOOK' AND l.state = 'ACCEPTED' AND p.status IN ('CANCELLED', 'EXCUSED')
       ) x WHERE x.excused OR x.closure_label IS NOT NULL`,
      [lineIds],
    )) as Array<{ line_id: string; excused: boolean; closure_label: string | null }>;
    return rows.map((r) => ({ lineId: r.line_id, excused: r.excused, closureLabel: r.closure_label }));
  }
}
