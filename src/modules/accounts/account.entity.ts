import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../../common/auth/role';
import { CommuneEntity } from '../communes/commune.entity';
import { FamilyEntity } from './family.entity';

/** A login. Families' accounts belong to a family; staff accounts to none. */
@Entity('account')
@Index(['communeId', 'login'], { unique: true })
@Index(['communeId', 'email'], { unique: true })
@Index(['familyId'])
@Check('account_role_check', `"role" IN ('FAMILY', 'STAFF', 'ADMIN')`)
@Check('account_family_role_check', `("role" = 'FAMILY') = ("family_id" IS NOT NULL)`)
export class AccountEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) communeId: string;
  @ManyToOne(() => CommuneEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commune_id' })
  commune?: CommuneEntity;
  @Column({ type: 'uuid', nullable: true }) familyId: string | null;
  @ManyToOne(() => FamilyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'family_id' })
  family?: FamilyEntity;
  /** Lower-case login identifier, unique in the commune. */
  @Column({ type: 'varchar', length: 100 }) login: string;
  /** Lower-case e-mail, unique in the commune. */
  @Column({ type: 'varchar', length: 254 }) email: string;
  @Column({ type: 'boolean', default: false }) emailVerified: boolean;
  @Column({ type: 'varchar', length: 10 }) role: Role;
  @Column({ type: 'varchar', length: 100 }) firstName: string;
  @Column({ type: 'varchar', length: 100 }) lastName: string;
  @Column({ type: 'varchar', length: 40, nullable: true }) phone: string | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) address: string | null;
  /** bcrypt hash; null until the account is activated. */
  @Column({ type: 'varchar', length: 100, nullable: true, select: false }) passwordHash: string | null;
  @Column({ type: 'timestamptz', nullable: true }) activatedAt: Date | null;
  /** False once an ADMIN deactivated the (staff) account: it cannot log in and its sessions are closed. */
  @Column({ type: 'boolean', default: true }) active: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
