import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { Role } from '../common/auth/role';
import { Tx, UnitOfWork } from '../database/unit-of-work';
import { AccountEntity } from '../modules/accounts/account.entity';
import { FamilyEntity } from '../modules/accounts/family.entity';
import { PasswordHasher } from '../modules/accounts/password-hasher.service';
import { CommuneEntity } from '../modules/communes/commune.entity';
import { CommunesService } from '../modules/communes/communes.service';

const DEMO_LOCK = 727_274_002;

/**
 * The guide's town and family (SPEC §6), so that a newcomer can try every flow at once. Each piece
 * is created only if missing: loading it twice changes nothing.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly communes: CommunesService,
    private readonly hasher: PasswordHasher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async seed(): Promise<void> {
    const passwordHash = await this.hasher.hashNew(this.config.demo.password);
    await this.uow.run(async (tx) => {
      await tx.manager.query('SELECT pg_advisory_xact_lock($1)', [DEMO_LOCK]);
      const commune =
        (await tx.manager.findOneBy(CommuneEntity, { code: 'AUTERIVE' })) ??
        (await this.communes.create(tx, {
          code: 'AUTERIVE',
          name: "Mairie d'Auterive",
          address: 'Place du 11 novembre',
          postalCode: '31190',
          city: 'Auterive',
          phone: '05.61.50.96.76',
          email: 'portail-famille@auterive.example',
          publicUrl: this.config.publicUrl,
        }));
      const family =
        (await tx.manager.findOneBy(FamilyEntity, { communeId: commune.id, name: 'TEST' })) ??
        (await tx.manager.save(tx.manager.create(FamilyEntity, { communeId: commune.id, name: 'TEST' })));
      const demo = this.config.demo;
      await this.account(tx, commune.id, passwordHash, { login: demo.staffLogin, role: Role.STAFF, firstName: 'Agent', lastName: 'DÉMO', familyId: null });
      await this.account(tx, commune.id, passwordHash, { login: 'admin.demo', role: Role.ADMIN, firstName: 'Admin', lastName: 'DÉMO', familyId: null });
      await this.account(tx, commune.id, passwordHash, { login: demo.familyLogin, role: Role.FAMILY, firstName: 'Famille', lastName: 'TEST', familyId: family.id });
      await this.seedModules(tx, commune, family);
    });
    this.logger.log('Données de démonstration en place (commune AUTERIVE).');
  }

  /** Later modules (children, activities, billing) add their demo data here. */
  protected async seedModules(_tx: Tx, _commune: CommuneEntity, _family: FamilyEntity): Promise<void> {}

  private async account(
    tx: Tx,
    communeId: string,
    passwordHash: string,
    a: { login: string; role: Role; firstName: string; lastName: string; familyId: string | null },
  ) {
    if (await tx.manager.existsBy(AccountEntity, { communeId, login: a.login })) return;
    await tx.manager.insert(AccountEntity, {
      ...a,
      communeId,
      email: `${a.login}@auterive.example`,
      emailVerified: true,
      passwordHash,
      activatedAt: new Date(),
    });
  }
}
