import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A reservation's state is derived from its lines (SPEC §2). It was rewritten by a later statement
 * than the one that moved the lines, so a reader in between (or after a crash) saw PENDING with no
 * open line. From here on it is written by the same statement as its lines: a statement-level
 * trigger recomputes the state of every reservation whose lines the statement changed.
 * `reservation_state_of` is the SQL twin of `deriveReservationState` (reservation-rules.ts); a test
 * checks that both agree on every combination of line states.
 */
export class ReservationStateWithItsLines1764374400000 implements MigrationInterface {
  name = 'ReservationStateWithItsLines1764374400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION reservation_state_of(states varchar[]) RETURNS varchar
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE
          WHEN states && ARRAY['REQUESTED', 'PENDING']::varchar[] THEN 'PENDING'
          WHEN cardinality(states) > 0 AND states <@ ARRAY['ACCEPTED']::varchar[] THEN 'ACCEPTED'
          WHEN states <@ ARRAY['WITHDRAWN']::varchar[] THEN 'CANCELLED'
          WHEN NOT (states && ARRAY['ACCEPTED']::varchar[]) AND states && ARRAY['REFUSED', 'NO_PLACE']::varchar[] THEN 'REFUSED'
          ELSE 'PARTIAL'
        END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION reservation_settle_state() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        -- Lock the reservations first (writers already do; this makes it true of any writer), so
        -- that the state below is computed from a snapshot taken after every concurrent change to
        -- their lines has committed: two transactions moving different lines cannot both miss.
        PERFORM 1 FROM reservation WHERE id IN (SELECT DISTINCT reservation_id FROM changed_lines) ORDER BY id FOR UPDATE;
        UPDATE reservation r SET state = s.state
          FROM (SELECT l.reservation_id, reservation_state_of(array_agg(l.state)) AS state
                  FROM reservation_line l
                 WHERE l.reservation_id IN (SELECT DISTINCT reservation_id FROM changed_lines)
                 GROUP BY l.reservation_id) s
         WHERE r.id = s.reservation_id AND r.state IS DISTINCT FROM s.state;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER reservation_line_settles_state
        AFTER UPDATE ON reservation_line REFERENCING NEW TABLE AS changed_lines
        FOR EACH STATEMENT EXECUTE FUNCTION reservation_settle_state()`);
    // Reservations left stale by the old two-step write (a crash between the steps) are settled now.
    await queryRunner.query(`
      UPDATE reservation r SET state = s.state
        FROM (SELECT reservation_id, reservation_state_of(array_agg(state)) AS state FROM reservation_line GROUP BY reservation_id) s
       WHERE r.id = s.reservation_id AND r.state IS DISTINCT FROM s.state`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER reservation_line_settles_state ON reservation_line`);
    await queryRunner.query(`DROP FUNCTION reservation_settle_state()`);
    await queryRunner.query(`DROP FUNCTION reservation_state_of(varchar[])`);
  }
}
