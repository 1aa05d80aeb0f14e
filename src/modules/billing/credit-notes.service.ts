import { Injectable, OnModuleInit } from '@nestjs/common';
import { RequestContext } from '../../common/context/request-context';
import { communeToday } from '../../common/context/commune-today';
import { frenchDate, LocalDate, todayIn } from '../../common/dates/local-date';
import { badInput, notFound } from '../../common/errors/domain-error';
import { EventBus } from '../../common/events/event-bus';
import { retryTransient } from '../../database/retry-transient';
import { Tx, UnitOfWork } from '../../database/unit-of-work';
import { AccountsStore } from '../accounts/accounts.store';
import { ActivitiesStore } from '../activities/activities.store';
import { ClosureAdded } from '../activities/events/closure-added.event';
import { ChildrenStore } from '../children/children.store';
import { CommunesStore } from '../communes/communes.store';
import { BillableDay, PresencesStore } from '../reservations/presences.store';
import { COUNTERS, formatCreditNoteNumber, InvoiceState } from './billing-rules';
import { InvoicesStore } from './invoices.store';
import { CreditableDay, CreditNotesStore } from './credit-notes.store';
import { FamilyLedgerStore } from './family-ledger.store';
import { CommuneCountersStore } from '../communes/commune-counters.store';
import { CreditNoteEntity } from './credit-note.entity';
import { CreditNoteIssued } from './events/credit-note-issued.event';
import { remainingOf } from './invoice.entity';
import { groupIntoLines } from './invoice-lines';

export interface ExcuseAbsence {
  childId: string;
  activityId: string;
  dates: LocalDate[];
  reason: string;
}

/**
 * Credit notes (SPEC §2): a billed day that stops being due — a closure over it, an absence staff
 * excuse — is credited against the invoice that billed it, once (`billed_day.credit_note_id`).
 * The credit lowers that invoice's remaining due; what exceeds it goes to the family's credit
 * balance. An excused day not billed yet leaves the booked days, so no run ever bills it.
 */
@Injectable()
export class CreditNotes implements OnModuleInit {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly invoices: InvoicesStore,
    private readonly creditNotes: CreditNotesStore,
    private readonly ledger: FamilyLedgerStore,
    private readonly counters: CommuneCountersStore,
    private readonly presences: PresencesStore,
    private readonly activities: ActivitiesStore,
    private readonly children: ChildrenStore,
    private readonly accounts: AccountsStore,
    private readonly communes: CommunesStore,
    private readonly bus: EventBus,
  ) {}

  onModuleInit() {
    // In the closure's transaction, after the reservations module cancelled the unbilled days.
    this.bus.onInTransaction(ClosureAdded, (tx, e) => this.creditClosure(tx, e));
  }

  /**
   * The billed days a closure covers are credited. The reservations module, in the same
   * transaction and before, cancelled them with the others (seats freed, the families told).
   */
  async creditClosure(tx: Tx, { activity, closure }: ClosureAdded): Promise<void> {
    const days = await this.creditNotes.uncreditedIn(tx, activity.id, closure.fromDate, closure.toDate);
    if (!days.length) return;
    await this.credit(tx, activity.communeId, days, `Fermeture : ${closure.label}`, [...new Set(days.map((d) => d.familyId))]);
  }

  /**
   * Staff excuse a child's absence on booked days (medical certificate): allowed after the deadline
   * and after billing. Each day must be booked; the days become EXCUSED (seat freed), and those
   * already billed are credited, one credit note per invoice.
   */
  async excuse(ctx: RequestContext, input: ExcuseAbsence): Promise<CreditNoteEntity[]> {
    const reason = input.reason.trim();
    if (!reason) throw badInput('VALIDATION_FAILED', 'Indiquez le motif (par exemple « certificat médical »).', { field: 'reason' });
    const dates = [...new Set(input.dates)].sort();
    if (!dates.length) throw badInput('VALIDATION_FAILED', 'Choisissez au moins un jour.', { field: 'dates' });
    // Many days locked at once: should PostgreSQL break a deadlock (with a closure or a run), it all runs again.
    return retryTransient(() =>
      this.uow.run(async (tx) => {
        const child = await this.children.find(tx, ctx.communeId, input.childId, null);
        if (!child) throw notFound('Child', 'Enfant introuvable.');
        const activity = await this.activities.find(tx, ctx.communeId, input.activityId);
        if (!activity) throw notFound('Activity', 'Activité introuvable.');
        const found = new Map((await this.presences.lockPresences(tx, child.id, activity.id, dates)).map((p) => [p.date, p]));
        const invalidDays = dates
          .map((date) => {
            const p = found.get(date);
            if (p?.status === 'BOOKED') return null;
            return p?.status === 'EXCUSED'
              ? { date, reason: 'ALREADY_EXCUSED', message: `Le ${frenchDate(date)} est déjà une absence excusée.` }
              : { date, reason: 'NOT_BOOKED', message: `Le ${frenchDate(date)} n’est pas une présence réservée.` };
          })
          .filter((d) => d !== null);
        if (invalidDays.length) {
          throw badInput('INVALID_DAYS', `Absence non excusée : ${invalidDays.map((d) => d.message).join(' ')}`, { invalidDays: invalidDays.map(({ date, reason }) => ({ date, reason })) });
        }
        const days: BillableDay[] = dates.map((date) => ({ childId: child.id, activityId: activity.id, date }));
        await this.presences.excuseBookedDays(tx, days);
        await this.activities.releaseSeats(tx, activity.id, dates, 'booked');
        const billed = days.filter((d) => found.get(d.date)!.invoiceId);
        return this.credit(tx, ctx.communeId, billed, `Absence excusée : ${reason}`, [child.familyId], communeToday(ctx));
      }),
    );
  }

  /**
   * Credits billed days not credited yet: one credit note per invoice, numbered in the commune's
   * AV series of the year in this transaction. Lock order: presences (the caller's), families, invoices.
   */
  private async credit(tx: Tx, communeId: string, days: readonly BillableDay[], reason: string, familyIds: string[], today?: LocalDate): Promise<CreditNoteEntity[]> {
    const creditable = await this.creditNotes.lockCreditable(tx, days);
    if (!creditable.length) return [];
    for (const familyId of [...familyIds].sort()) await this.accounts.lockFamily(tx, communeId, familyId);
    const byInvoice = new Map<string, CreditableDay[]>();
    for (const d of creditable) byInvoice.set(d.invoiceId, [...(byInvoice.get(d.invoiceId) ?? []), d]);
    const invoices = await this.invoices.lockInvoices(tx, [...byInvoice.keys()], { communeId });
    const issuedOn = today ?? (await this.todayOf(tx, communeId));
    const year = Number(issuedOn.slice(0, 4));
    const notes: CreditNoteEntity[] = [];
    for (const invoice of invoices) {
      const credited = byInvoice.get(invoice.id)!;
      const names = new Map(credited.map((d) => [d.childId, d.childName]));
      const activityNames = new Map(credited.map((d) => [d.activityId, d.activityName]));
      const { lines } = groupIntoLines(credited, { child: (id) => names.get(id)!, activity: (id) => activityNames.get(id)! });
      const amountCents = lines.reduce((s, l) => s + l.amountCents, 0);
      if (amountCents === 0) continue;
      const appliedCents = Math.min(amountCents, remainingOf(invoice));
      const seq = await this.counters.nextNumber(tx, communeId, COUNTERS.creditNote(year));
      const note = await this.creditNotes.insertCreditNote(tx, {
        communeId,
        familyId: invoice.familyId,
        invoiceId: invoice.id,
        number: formatCreditNoteNumber(year, seq),
        issuedOn,
        amountCents,
        appliedCents,
        reason: reason.slice(0, 300),
      });
      await this.creditNotes.insertCreditNoteLines(tx, note.id, lines);
      if ((await this.creditNotes.markCredited(tx, credited, note.id)) !== credited.length) throw new Error('a day was credited twice');
      // Nothing left due: settled, also while an online payment is pending (PAYMENT_PENDING → PAID).
      // Left PAYMENT_PENDING, the payment's end would put it back UNPAID with 0 € due — "non soldée"
      // for ever, neither payable nor transferable; PAID, the bank's answer changes nothing on it and
      // a success goes to the family's credit balance (PaymentOutcomes.validate).
      const settles = remainingOf(invoice) - appliedCents === 0 && invoice.state !== 'PAID';
      await this.invoices.updateInvoice(tx, invoice, { creditedCents: appliedCents, state: settles ? ('PAID' as InvoiceState) : invoice.state });
      if (amountCents > appliedCents) await this.ledger.addCredit(tx, { familyId: invoice.familyId, amountCents: amountCents - appliedCents, creditNoteId: note.id });
      await tx.publish(new CreditNoteIssued(note.id, communeId, invoice.familyId));
      notes.push(note);
    }
    return notes;
  }

  private async todayOf(tx: Tx, communeId: string): Promise<LocalDate> {
    const commune = await this.communes.byId(tx, communeId);
    return todayIn(commune?.timezone ?? 'Europe/Paris');
  }
}
