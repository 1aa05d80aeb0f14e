import { Injectable } from '@nestjs/common';
import { Db, Tx } from '../../database/unit-of-work';
import { CommuneHostEntity } from './commune-host.entity';
import { CommuneEntity } from './commune.entity';

export type CommuneRow = Omit<CommuneEntity, 'id' | 'createdAt'>;

/** The `commune` table. */
@Injectable()
export class CommunesStore {
  all(db: Db): Promise<CommuneEntity[]> {
    return db.manager.find(CommuneEntity, { order: { code: 'ASC' } });
  }

  byId(db: Db, id: string): Promise<CommuneEntity | null> {
    return db.manager.findOneBy(CommuneEntity, { id });
  }

  byCode(db: Db, code: string): Promise<CommuneEntity | null> {
    return db.manager.findOneBy(CommuneEntity, { code });
  }

  codeTaken(db: Db, code: string): Promise<boolean> {
    return db.manager.existsBy(CommuneEntity, { code });
  }

  insert(tx: Tx, row: CommuneRow): Promise<CommuneEntity> {
    return tx.manager.save(tx.manager.create(CommuneEntity, row));
  }

  /** Every declared host name with its commune's id. */
  hosts(db: Db): Promise<CommuneHostEntity[]> {
    return db.manager.find(CommuneHostEntity, { order: { host: 'ASC' } });
  }

  /** Those of `hosts` some commune already declares. */
  hostsTaken(tx: Tx, hosts: string[]): Promise<CommuneHostEntity[]> {
    if (!hosts.length) return Promise.resolve([]);
    return tx.manager.createQueryBuilder(CommuneHostEntity, 'h').where('h.host IN (:...hosts)', { hosts }).getMany();
  }

  async addHosts(tx: Tx, communeId: string, hosts: string[]): Promise<void> {
    if (!hosts.length) return;
    await tx.manager
      .createQueryBuilder()
      .insert()
      .into(CommuneHostEntity)
      .values(hosts.map((host) => ({ host, communeId })))
      .execute();
  }

  async removeHosts(tx: Tx, communeId: string, hosts: string[]): Promise<void> {
    if (!hosts.length) return;
    await tx.manager.createQueryBuilder().delete().from(CommuneHostEntity).where('commune_id = :communeId AND host IN (:...hosts)', { communeId, hosts }).execute();
  }
}
