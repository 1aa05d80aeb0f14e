import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AccountEntity } from './account.entity';

export const TOKEN_PURPOSES = ['ACTIVATION', 'PASSWORD_RESET', 'EMAIL_CHANGE'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** A single-use link token (activation, reset, e-mail change). Only its SHA-256 is stored. */
@Entity('account_token')
@Check('account_token_purpose_check', `"purpose" IN ('ACTIVATION', 'PASSWORD_RESET', 'EMAIL_CHANGE')`)
export class AccountTokenEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index()
  @Column({ type: 'uuid' })
  accountId: string;
  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;
  @Column({ type: 'varchar', length: 20 }) purpose: TokenPurpose;
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;
  @Column({ type: 'varchar', length: 254, nullable: true }) newEmail: string | null;
  @Column({ type: 'timestamptz' }) expiresAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) usedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
