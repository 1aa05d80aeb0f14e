import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CommuneEntity } from './commune.entity';

/**
 * A host name a commune declares (`cantine.auterive.fr`): a browser reaching the portal there speaks
 * for that commune without `?domaine=`. One host names one commune only (the primary key).
 */
@Entity('commune_host')
@Index(['communeId'])
@Check('commune_host_lower_check', `"host" = lower("host")`)
export class CommuneHostEntity {
  /** Lower-case, without port or trailing dot. */
  @PrimaryColumn({ type: 'varchar', length: 253 }) host: string;
  @Column({ type: 'uuid' }) communeId: string;
  @ManyToOne(() => CommuneEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commune_id' })
  commune?: CommuneEntity;
}
