import { INVALID_MONTH } from '../../common/graphql/month';
import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { RequestContext } from '../../common/context/request-context';
import { clock } from '../../common/dates/clock';
import { LocalDate, monthBounds, todayIn } from '../../common/dates/local-date';
import { DomainError, invalidField, notFound } from '../../common/errors/domain-error';
import { Page, PageArgs, pageRequest, toPage } from '../../common/graphql/pagination';
import { retryTransient } from '../../database/retry-transient';
import { Tx, UnitOfWork } from '../../database/unit-of-work';
import { EventBus } from '../../common/events/event-bus';
import { DaysBookedByDecision } from '../reservations/events/days-booked-by-decision.event';
import { Jobs } from '../../queue/jobs';
import { PeriodicTasks } from '../../queue/periodic-tasks.service';
import { AccountsStore } from '../accounts/accounts.store';
import { ActivitiesStore } from '../activities/activities.store';
import { mealPriceOn } from '../activities/meal-price';
import { ChildrenStore } from '../children/children.store';
import { CommunesStore } from '../communes/communes.store';
import { FamiliesService } from '../families/families.service';
import { PresencesStore } from '../reservations/presences.store';
import { BillingRunEntity } from './billing-run.entity';
import { COUNTERS } from './billing-rules';
import { BillingRunsStore } from './billing-runs.store';
import { InvoicesStore } from './invoices.store';
import { FamilyLedgerStore } from './family-ledger.store';
import { InvoiceIssued } from './events/invoice-issued.event';
import { groupIntoLines, joinLabels } from './invoice-lines';
import { PricingCatalog } from './pricing-catalog';
import { scheduledMonth } from './scheduled-month';

/** Families billed at the same time by one run (each in its own transaction and connection). */
const FAMILIES_AT_ONCE = 4;

/**
 * Billing runs (SPEC §2): one invoice per family with booked days of the month not billed yet.
 * Each family is billed in its own transaction: its booked, unbilled days locked, priced, grouped
 * into lines, marked billed, the number drawn — so a family that fails rolls back alone (no number
 * consumed) and the run goes on. Two runs at once, a retried job or a racing cancellation cannot
 * bill a day twice: the days are locked and re-read by the database (`lockUnbilled`).
 */
@Injectable()
export class BillingRuns implements OnModuleInit {
  private readonly logger = new Logger(BillingRuns.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly runs: BillingRunsStore,
    private readonly invoices: InvoicesStore,
    private readonly ledger: FamilyLedgerStore,
    private readonly presences: PresencesStore,
    private readonly activities: ActivitiesStore,
    private readonly children: ChildrenStore,
    private readonly families: FamiliesService,
    private readonly accounts: AccountsStore,
    private readonly communes: CommunesStore,
    private readonly jobs: Jobs,
    private readonly periodic: PeriodicTasks,
    private readonly bus: EventBus,
  ) {}

  onModuleInit() {
    // In the decision's transaction: the catch-up run commits with the days it will bill (its job,
    // once committed; the sweeper enqueues it again if that job is lost).
    this.bus.onInTransaction(DaysBookedByDecision, (tx, e) => this.catchUp(tx, e.communeId, e.dates));
    this.periodic.every('billing-schedule', 10 * 60_000, () => this.schedule(), { atStart: true });
    this.periodic.every('billing-run-sweeper', 60_000, () => this.sweep());
    this.periodic.every('billing-catch-up', 10 * 60_000, () => this.catchUpLeftovers());
  }

  /** Staff bill a month (any month: some towns bill in advance); the run is queued and followed by `billingRun`. */
  async request(ctx: RequestContext, month: string): Promise<BillingRunEntity> {
    if (!monthBounds(month)) throw invalidField('month', INVALID_MONTH);
    const run = await this.uow.run(async (tx) => {
      const created = await this.runs.insertRun(tx, { communeId: ctx.communeId, month, trigger: 'STAFF', createdBy: ctx.account.accountId });
      tx.afterCommit(() => this.jobs.enqueueOrLeaveToSweeper('billing.run', { runId: created.id }, { jobId: `billing-run-${created.id}` }));
      return created;
    });
    return run;
  }

  /** SPEC §2: days booked after their month was billed (a late staff decision) are billed by a catch-up run of that month, started by itself. */
  async catchUp(tx: Tx, communeId: string, dates: readonly LocalDate[], unlessRecent = false): Promise<number> {
    let created = 0;
    for (const month of [...new Set(dates.map((d) => d.slice(0, 7)))].sort()) {
      const id = await this.runs.insertCatchUpRun(tx, communeId, month, unlessRecent);
      if (!id) continue;
      created++;
      tx.afterCommit(() => {
        this.logger.log(`rattrapage de la facturation de ${month} programmé (jours réservés après la facturation)`);
        return this.jobs.enqueueOrLeaveToSweeper('billing.run', { runId: id }, { jobId: `billing-run-${id}` });
      });
    }
    return created;
  }

  /**
   * The chore behind the decisions' catch-up: a month over (before this month, in UTC, a day earlier
   * than any commune's) that was billed and still has booked, unbilled days gets a catch-up run. It
   * bills what no event caught: a day accepted while the month's run was choosing its families, a
   * day booked automatically in a month billed in advance, a catch-up job lost with its worker.
   */
  async catchUpLeftovers(now: Date = clock.now()): Promise<number> {
    const firstOfMonth = `${todayIn('UTC', now).slice(0, 7)}-01`;
    let created = 0;
    for (const { communeId, month } of await this.presences.unbilledMonthsBefore(this.uow.read, firstOfMonth)) {
      created += await this.uow.run((tx) => this.catchUp(tx, communeId, [`${month}-01`], true));
    }
    return created;
  }

  async get(ctx: RequestContext, id: string): Promise<BillingRunEntity> {
    const run = await this.runs.run(this.uow.read, id, ctx.communeId);
    if (!run) throw notFound('BillingRun', 'Facturation introuvable.');
    return run;
  }

  /** The commune's runs, newest first (staff). */
  async list(ctx: RequestContext, args: PageArgs): Promise<Page<BillingRunEntity>> {
    const req = pageRequest(args);
    const [items, total] = await this.runs.runsPage(this.uow.read, ctx.communeId, req.offset, req.pageSize);
    return toPage(req, items, total);
  }

  /** The run's job: every family with days left to bill, one transaction each. Safe to run again. */
  async execute(runId: string): Promise<void> {
    const run = await this.runs.run(this.uow.read, runId);
    if (!run || run.state === 'DONE' || run.state === 'FAILED') return;
    const commune = await this.communes.byId(this.uow.read, run.communeId);
    const bounds = monthBounds(run.month);
    if (!commune || !bounds) return this.uow.autocommit((tx) => this.runs.finishRun(tx, runId, 'FAILED'));
    const familyIds = await this.presences.unbilledFamilies(this.uow.read, run.communeId, bounds.first, bounds.last);
    if (!(await this.uow.autocommit((tx) => this.runs.startRun(tx, runId, familyIds.length)))) return;
    const catalog = new PricingCatalog(this.activities, this.children);
    const issuedOn = todayIn(commune.timezone);
    // A few families at a time: each one's reads and pricing overlap the others' short locked tails.
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < familyIds.length; i = next++) {
        const familyId = familyIds[i];
        try {
          await retryTransient(() => this.billFamily(run, familyId, bounds, issuedOn, catalog));
        } catch (err) {
          // Agents read this in the back-office: French, and no database internals (the technical
          // cause, e.g. a constraint's name in PostgreSQL's English message, goes to the log below).
          const message =
            err instanceof DomainError
              ? err.message
              : 'Erreur inattendue : la facture de cette famille n’a pas pu être établie. Ses jours restent à facturer : relancez la facturation du mois une fois la cause corrigée (détail dans le journal du serveur).';
          this.logger.error(`facturation ${run.month} : famille ${familyId} non facturée (${(err as Error).message})`);
          const family = await this.accounts.familiesByIds(this.uow.read, [familyId]);
          await this.uow.autocommit((tx) => this.runs.countFamily(tx, runId, 0, { familyId, familyName: family[0]?.name ?? '', message }));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(FAMILIES_AT_ONCE, this.uow.poolSize) }, lane));
    await this.uow.autocommit((tx) => this.runs.finishRun(tx, runId, 'DONE'));
  }

  /** One family's invoice for the month, or nothing when another run (or a cancellation) left nothing to bill. */
  private billFamily(run: BillingRunEntity, familyId: string, bounds: { first: LocalDate; last: LocalDate }, issuedOn: LocalDate, catalog: PricingCatalog): Promise<number> {
    return this.uow.run(async (tx) => {
      const days = await this.presences.lockUnbilled(tx, familyId, bounds.first, bounds.last);
      if (!days.length) {
        await this.runs.countFamily(tx, run.id, 0);
        return 0;
      }
      // The family row serialises what moves its money (runs, credit notes, payments, its balance).
      const family = await this.accounts.lockFamily(tx, run.communeId, familyId);
      if (!family) throw new Error('famille introuvable dans la commune');
      await catalog.load(
        tx,
        days.map((d) => d.activityId),
        days.map((d) => d.childId),
      );
      const [quotients] = await this.families.quotientsOf([familyId], tx);
      const priced = days.map((d) => ({ ...d, unitPriceCents: mealPriceOn(d.date, catalog.activity(d.activityId).pricing, quotients) }));
      const { lines, positionOfDay } = groupIntoLines(priced, { child: (id) => catalog.childName(id), activity: (id) => catalog.activity(id).name });
      const amountCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
      const activityIds = [...new Set(days.map((d) => d.activityId))];
      const balance = (await this.ledger.creditBalances(tx, [familyId])).get(familyId) ?? 0;

      // From here the commune's counter and the run's row stay locked until commit: short.

      const year = Number(issuedOn.slice(0, 4));
      const invoice = await this.invoices.issueInvoice(
        tx,
        {
          id: randomUUID(),
          communeId: run.communeId,
          familyId,
          issuedOn,
          periodStart: bounds.first,
          periodEnd: bounds.last,
          amountCents,
          state: amountCents === 0 ? 'PAID' : 'UNPAID',
          childrenLabel: joinLabels(lines.map((l) => l.childName)),
          establishmentsLabel: joinLabels(activityIds.map((id) => catalog.activity(id).establishment)),
          accueilLabel: joinLabels(activityIds.map((id) => catalog.activity(id).accueil)),
          billingRunId: run.id,
        },
        COUNTERS.invoice(year),
        `${year}-`,
        lines,
        priced.map((d, i) => ({ childId: d.childId, activityId: d.activityId, date: d.date, linePosition: positionOfDay[i], unitPriceCents: d.unitPriceCents })),
      );
      const marked = await this.presences.markBilled(tx, days, invoice.id);
      if (marked !== days.length) throw new Error(`${days.length - marked} jour(s) modifié(s) pendant la facturation`);

      if (balance > 0 && amountCents > 0) {
        const used = Math.min(balance, amountCents);
        await this.invoices.settleFromBalance(tx, invoice, used, used === amountCents);
      }
      await tx.publish(new InvoiceIssued(invoice.id, run.communeId, familyId));
      return 1;
    });
  }

  /**
   * The scheduled run: on the 1st of each month from 2 a.m. in the commune's time zone (or the first
   * time a worker looks after that), the previous month, once per commune (a unique index makes
   * every worker agree on one run).
   */
  async schedule(now: Date = clock.now()): Promise<number> {
    let created = 0;
    for (const commune of await this.communes.all(this.uow.read)) {
      const previous = scheduledMonth(commune.timezone, now);
      if (!previous) continue;
      const runId = await this.uow.run(async (tx) => {
        const id = await this.runs.insertScheduledRun(tx, commune.id, previous);
        if (id) tx.afterCommit(() => this.jobs.enqueueOrLeaveToSweeper('billing.run', { runId: id }, { jobId: `billing-run-${id}` }));
        return id;
      });
      if (runId) {
        created++;
        this.logger.log(`${commune.name} : facturation de ${previous} programmée`);
      }
    }
    return created;
  }

  /** Runs whose job was lost (queue down at enqueue, a worker that died) are enqueued again. */
  async sweep(): Promise<number> {
    const ids = await this.runs.staleRuns(this.uow.read);
    const stamp = Math.floor(Date.now() / 60_000);
    for (const runId of ids) await this.jobs.enqueue('billing.run', { runId }, { jobId: `billing-run-${runId}-sweep-${stamp}` });
    return ids.length;
  }
}
