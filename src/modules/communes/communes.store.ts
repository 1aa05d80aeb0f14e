import { Injectable } from '@nestjs/common';
import { Db, Tx } from '../../database/unit-of-work';
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
}
