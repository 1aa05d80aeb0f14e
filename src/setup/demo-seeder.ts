import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { Role } from '../common/auth/role';
import { Tx, UnitOfWork } from '../database/unit-of-work';
import { AccountsStore } from '../modules/accounts/accounts.store';
import { FamilyEntity } from '../modules/accounts/family.entity';
import { PasswordHasher } from '../modules/accounts/password-hasher.service';
import { CommuneEntity } from '../modules/communes/commune.entity';
import { CommunesService } from '../modules/communes/communes.service';
import { CommunesStore } from '../modules/communes/communes.store';
import { todayIn } from '../common/dates/local-date';
import { ActivitiesStore } from '../modules/activities/activities.store';
import { EstablishmentEntity } from '../modules/activities/establishment.entity';
import { Diet } from '../modules/children/child.entity';
import { ChildrenStore } from '../modules/children/children.store';
import { RegistrationState } from '../modules/registrations/registration.entity';
import { RegistrationsStore } from '../modules/registrations/registrations.store';
import { InvoicesStore } from '../modules/billing/invoices.store';
import { PaymentsStore } from '../modules/payments/payments.store';
import { CommuneCountersStore } from '../modules/communes/commune-counters.store';

import { COUNTERS, InvoiceState } from '../modules/billing/billing-rules';

/** The school year running today (or about to start): it begins in September. */
export const demoSchoolYear = (today: string) => (Number(today.slice(5, 7)) >= 8 ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1);

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
    private readonly communeRows: CommunesStore,
    private readonly accounts: AccountsStore,
    private readonly activities: ActivitiesStore,
    private readonly children: ChildrenStore,
    private readonly registrations: RegistrationsStore,
    private readonly invoices: InvoicesStore,
    private readonly payments: PaymentsStore,
    private readonly counters: CommuneCountersStore,
    private readonly hasher: PasswordHasher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async seed(): Promise<void> {
    const passwordHash = await this.hasher.hashNew(this.config.demo.password);
    await this.uow.run(async (tx) => {
      // Two processes starting at once on an empty database: the second waits, then finds it all.
      await tx.lockUntilEnd(DEMO_LOCK);
      const commune =
        (await this.communeRows.byCode(tx, 'AUTERIVE')) ??
        (await this.communes.create(tx, {
          code: 'AUTERIVE',
          name: 'Mairie d’Auterive',
          address: 'Place du 11 novembre',
          postalCode: '31190',
          city: 'Auterive',
          phone: '05.61.50.96.76',
          email: 'portail-famille@auterive.example',
          publicUrl: this.config.publicUrl,
        }));
      const family = (await this.accounts.familyNamed(tx, commune.id, 'TEST')) ?? (await this.accounts.insertFamily(tx, { communeId: commune.id, name: 'TEST' }));
      const demo = this.config.demo;
      await this.account(tx, commune.id, passwordHash, { login: demo.staffLogin, role: Role.STAFF, firstName: 'Agent', lastName: 'DÉMO', familyId: null });
      await this.account(tx, commune.id, passwordHash, { login: 'admin.demo', role: Role.ADMIN, firstName: 'Admin', lastName: 'DÉMO', familyId: null });
      await this.account(tx, commune.id, passwordHash, { login: demo.familyLogin, role: Role.FAMILY, firstName: 'Famille', lastName: 'TEST', familyId: family.id });
      await this.seedModules(tx, commune, family);
      await this.seedBilling(tx, commune, family);
    });
    this.logger.log('Données de démonstration en place (commune AUTERIVE).');
  }

  /** SPEC §6: the guide's establishments, this school year's canteen, the two children registered. */
  private async seedModules(tx: Tx, commune: CommuneEntity, family: FamilyEntity): Promise<void> {
    const establishments = new Map<string, EstablishmentEntity>();
    for (const name of ['Ecole Louis Gauthier', 'RESTAURANT DE LA MARIANNE', 'RESTAURATION SCOLAIRE']) {
      const found = (await this.activities.establishmentNamed(tx, commune.id, name)) ?? (await this.activities.insertEstablishment(tx, { communeId: commune.id, name, address: 'Auterive' }));
      establishments.set(name, found);
    }
    const year = demoSchoolYear(todayIn(commune.timezone));
    const schoolYear = `${year}-${year + 1}`;
    let activity = await this.activities.bySchoolYear(tx, commune.id, 'RESTAURATION SCOLAIRE', schoolYear);
    if (!activity) {
      activity = await this.activities.insert(tx, {
        communeId: commune.id,
        establishmentId: establishments.get('Ecole Louis Gauthier')!.id,
        name: 'RESTAURATION SCOLAIRE',
        schoolYear,
        startDate: `${year}-09-01`,
        endDate: `${year + 1}-07-03`,
        weekdays: [1, 2, 4, 5],
        bookingOpensOn: `${year}-06-01`,
        bookingClosesOn: `${year + 1}-06-30`,
        modificationLeadDays: 15,
        dailyCapacity: 120,
        mealPriceCents: 340,
        autoAccept: true,
      });
      await this.activities.ensureDays(tx, activity);
      // Straight into the store, not through ActivitiesService.addClosure: a new activity has no
      // bookings for the ClosureAdded handlers to cancel.
      for (const closure of [
        { fromDate: `${year}-10-17`, toDate: `${year}-11-01`, label: 'Vacances de la Toussaint' },
        { fromDate: `${year}-12-19`, toDate: `${year + 1}-01-03`, label: 'Vacances de Noël' },
        { fromDate: `${year + 1}-02-20`, toDate: `${year + 1}-03-07`, label: 'Vacances d’hiver' },
        { fromDate: `${year + 1}-04-17`, toDate: `${year + 1}-05-02`, label: 'Vacances de printemps' },
      ]) {
        await this.activities.insertClosure(tx, { activityId: activity.id, ...closure });
      }
    }
    for (const [firstName, birthDate] of [
      ['VALENTINA', '2019-06-20'],
      ['ROMEO', '2022-04-15'],
    ]) {
      // Found by a stable key, never by name: the family may have renamed its child since.
      const seedKey = `demo:${firstName}`;
      const child =
        (await this.children.bySeedKey(tx, family.id, seedKey)) ??
        (await this.children.claimSeedKey(tx, family.id, firstName, seedKey)) ??
        (await this.children.insert(tx, {
          seedKey,
          communeId: commune.id,
          familyId: family.id,
          firstName,
          lastName: 'TEST',
          birthDate,
          school: 'Ecole Louis Gauthier',
          grade: firstName === 'VALENTINA' ? 'CE1' : 'MS',
          diet: Diet.STANDARD,
          allergiesEncrypted: null,
        }));
      if (!(await this.registrations.exists(tx, child.id, activity.id))) {
        await this.registrations.insert(tx, {
          communeId: commune.id,
          familyId: family.id,
          childId: child.id,
          activityId: activity.id,
          state: RegistrationState.ACCEPTED,
          decidedAt: new Date(),
        });
      }
    }
  }

  /**
   * The guide's "Mes Factures & Paiements" (SPEC §6), as a town imports it from its former system:
   * invoice 00001 settled by payment 04083 (PAYLINE), and three unpaid invoices of 30/11/2009 —
   * 861,73 € billed (4), 133,00 € paid (1), 728,73 € due (3). Their numbers are the former
   * system's; this commune's payment sequence continues after 04083.
   */
  private async seedBilling(tx: Tx, commune: CommuneEntity, family: FamilyEntity): Promise<void> {
    if (await this.invoices.invoiceByNumber(tx, commune.id, '00001')) return;
    const line = (childName: string, activityName: string, quantity: number, unitPriceCents: number) => ({ childName, activityName, quantity, unitPriceCents, amountCents: quantity * unitPriceCents });
    const invoices: Array<{ number: string; issuedOn: string; period: [string, string]; state: InvoiceState; lines: ReturnType<typeof line>[] }> = [
      { number: '00001', issuedOn: '2009-01-01', period: ['2008-12-01', '2008-12-31'], state: 'PAID', lines: [line('DEMO Emilie', 'RESTAURANT', 20, 350), line('DEMO Tom', 'MULTI ACCUEIL', 18, 350)] },
      {
        number: '2006-00096',
        issuedOn: '2009-11-30',
        period: ['2009-11-01', '2009-11-30'],
        state: 'UNPAID',
        lines: [line('DEMO Emilie', 'RESTAURANT', 20, 350), line('DEMO Tom', 'MULTI ACCUEIL', 43, 389)],
      },
      {
        number: '2006-00097',
        issuedOn: '2009-11-30',
        period: ['2009-11-01', '2009-11-30'],
        state: 'UNPAID',
        lines: [line('DEMO Emilie', 'RESTAURANT', 14, 350), line('DEMO Tom', 'MULTI ACCUEIL', 55, 350)],
      },
      {
        number: '2006-00098',
        issuedOn: '2009-11-30',
        period: ['2009-11-01', '2009-11-30'],
        state: 'UNPAID',
        lines: [line('DEMO Emilie', 'RESTAURANT', 18, 350), line('DEMO Tom', 'MULTI ACCUEIL', 57, 328)],
      },
    ];
    let first: string | null = null;
    for (const i of invoices) {
      const amountCents = i.lines.reduce((sum, l) => sum + l.amountCents, 0);
      const invoice = await this.invoices.insertInvoice(tx, {
        communeId: commune.id,
        familyId: family.id,
        number: i.number,
        issuedOn: i.issuedOn,
        periodStart: i.period[0],
        periodEnd: i.period[1],
        amountCents,
        paidCents: i.state === 'PAID' ? amountCents : 0,
        creditedCents: 0,
        fromBalanceCents: 0,
        state: i.state,
        childrenLabel: 'DEMO Emilie / DEMO Tom',
        establishmentsLabel: 'RESTAURANT / MULTI ACCUEIL',
        accueilLabel: 'Restaurant / REGULIER',
        billingRunId: null,
      });
      await this.invoices.insertLines(
        tx,
        invoice.id,
        i.lines.map((l, position) => ({ position, ...l })),
      );
      first ??= invoice.id;
    }
    const payment = await this.payments.insertPayment(tx, {
      communeId: commune.id,
      familyId: family.id,
      number: 4083,
      provider: 'PAYLINE',
      amountCents: 13300,
      state: 'VALIDATED',
      receivedOn: '2011-01-18',
      recordedBy: null,
    });
    await this.payments.insertAllocations(tx, payment.id, [{ invoiceId: first!, cents: 13300 }]);
    await this.counters.raiseCounter(tx, commune.id, COUNTERS.payment, 4083);
  }

  private async account(tx: Tx, communeId: string, passwordHash: string, a: { login: string; role: Role; firstName: string; lastName: string; familyId: string | null }) {
    if (await this.accounts.loginExists(tx, communeId, a.login)) return;
    await this.accounts.insert(tx, {
      ...a,
      communeId,
      email: `${a.login}@auterive.example`,
      emailVerified: true,
      passwordHash,
      activatedAt: new Date(),
    });
  }
}
