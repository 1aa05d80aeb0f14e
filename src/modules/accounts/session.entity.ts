import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AccountEntity } from './account.entity';

/**
 * A login session. Access tokens name it (`sid`) and die with it; its refresh token is stored hashed
 * and rotated at each refresh; presenting an already-rotated one revokes the session.
 */
@Entity('session')
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index()
  @Column({ type: 'uuid' })
  accountId: string;
  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;
  @Column({ type: 'varchar', length: 64 }) refreshTokenHash: string;
  @Column({ type: 'timestamptz' }) expiresAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) ip: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) refreshedAt: Date | null;
}
