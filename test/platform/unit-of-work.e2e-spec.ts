import { DomainEvent, EventBus } from '../../src/common/events/event-bus';
import { UnitOfWork } from '../../src/database/unit-of-work';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

class Happened extends DomainEvent {
  constructor(readonly label: string) {
    super();
  }
}

/** The one way to the database: transactions, reads, hooks and events after commit. */
describe('unit of work', () => {
  let app: TestApp;
  let uow: UnitOfWork;
  let bus: EventBus;
  const inTransaction: string[] = [];
  const committed: string[] = [];

  beforeAll(async () => {
    app = await TestApp.start();
    uow = app.get(UnitOfWork);
    bus = app.get(EventBus);
    bus.onInTransaction(Happened, async (tx, e) => {
      await tx.manager.query(`SELECT 1`);
      inTransaction.push(e.label);
    });
    bus.subscribe(Happened, async (e) => void committed.push(e.label));
  });
  afterAll(() => app.stop());

  it('refuses a read through a second connection inside a transaction (a hang on the embedded database)', async () => {
    await expect(uow.run(async () => uow.read.manager.query('SELECT 1'))).rejects.toThrow(/read handle used inside a transaction/);
    await expect(uow.run(async () => uow.run(async () => 1))).rejects.toThrow(/transaction opened inside a transaction/);
    // Outside, and once the transaction has ended, reads are fine.
    await expect(uow.read.manager.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    let later!: Promise<unknown>;
    await uow.run(async (tx) => {
      tx.afterCommit(() => (later = uow.read.manager.query('SELECT 2 AS two')));
    });
    await expect(later).resolves.toEqual([{ two: 2 }]);
  });

  it('runs in-transaction handlers at once and subscribers only after commit, never for work that rolled back', async () => {
    const hooks: string[] = [];
    await uow.run(async (tx) => {
      await tx.publish(new Happened('kept'));
      tx.afterCommit(() => hooks.push('kept'));
      expect(inTransaction).toContain('kept');
      expect(committed).not.toContain('kept');
    });
    expect(committed).toContain('kept');
    expect(hooks).toEqual(['kept']);

    await expect(
      uow.run(async (tx) => {
        await tx.publish(new Happened('rolled back'));
        tx.afterCommit(() => hooks.push('rolled back'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(inTransaction).toContain('rolled back');
    expect(committed).not.toContain('rolled back');
    expect(hooks).toEqual(['kept']);
  });

  it('rolls the whole work back when an in-transaction handler fails', async () => {
    await app.dataSource.query(`CREATE TABLE IF NOT EXISTS uow_probe (label text)`);
    bus.onInTransaction(Happened, async (_tx, e) => {
      if (e.label === 'refused') throw new Error('refused by a handler');
    });
    await expect(
      uow.run(async (tx) => {
        await tx.manager.query(`INSERT INTO uow_probe VALUES ('refused')`);
        await tx.publish(new Happened('refused'));
      }),
    ).rejects.toThrow('refused by a handler');
    expect(await app.dataSource.query(`SELECT * FROM uow_probe`)).toEqual([]);
    expect(committed).not.toContain('refused');
  });
});
