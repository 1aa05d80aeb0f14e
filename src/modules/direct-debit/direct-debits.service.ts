import { Injectable, Logger } from '@nestjs/common';
import { validateCreditorID } from 'sepa';
import { communeToday } from '../../common/context/commune-today';
import { RequestContext } from '../../common/context/request-context';
import { HealthDataCipher } from '../../common/crypto/health-data-cipher';
import { clock } from '../../common/dates/clock';
import { frenchDate, LocalDate, todayIn } from '../../common/dates/local-date';
import { conflict, invalidField, notFound } from '../../common/errors/domain-error';
import { Page, PageRequest, toPage } from '../../common/graphql/pagination';
import { UnitOfWork } from '../../database/unit-of-work';
import { AccountsStore } from '../accounts/accounts.store';
import { byAge, COUNTERS } from '../billing/billing-rules';
import { remainingOf } from '../billing/invoice.entity';
import { InvoicesStore } from '../billing/invoices.store';
import { CommuneCountersStore } from '../communes/commune-counters.store';
import { CommunesStore } from '../communes/communes.store';
import { PaymentOutcomes } from '../payments/payment-outcomes.service';
import { formatPaymentNumber } from '../payments/payment-rules';
import { PaymentEntity } from '../payments/payment.entity';
import { PaymentsStore } from '../payments/payments.store';
import { DirectDebitBatchEntity } from './direct-debit-batch.entity';
import { checkBic, checkIban, mandateReference, maskIban, rejectReason } from './direct-debit-rules';
import { DirectDebitStore } from './direct-debit.store';
import { MandateEntity } from './mandate.entity';
import { pain008, Pain008Debit } from './pain008';
import { SepaCreditorLookup } from './sepa-creditor.lookup';

export interface CreateMandate {
  familyId: string;
  debtorName: string;
  iban: string;
  bic?: string | null;
  signedOn: LocalDate;
}

/** The commune series of direct-debit batches and of mandate references (gapless, `commune_counter`). */
export const DIRECT_DEBIT_COUNTERS = { batch: 'direct-debit-batch', mandate: 'mandate' } as const;

/** The furthest-ahead calendar on Earth (UTC+14): no commune's "today" is later. */
const EARLIEST_ZONE = 'Pacific/Kiritimati';

/**
 * SEPA direct debit (SPEC "The Trésor Public… SEPA direct debit"): the families' mandates, the
 * commune's batches (one PENDING payment per invoice presented, the pain.008 file), the collection
 * on the date (the chore) and the bank's rejects. A payment is settled by the online payments' own
 * moves (`PaymentOutcomes.validate`, `end`, `takeBack`): allocation is written once.
 *
 * One active mandate per family: a new signed mandate REPLACES the active one (it is revoked in the
 * same transaction) — a family that changes banks signs a new form, and the finance office records
 * it without first revoking the old one. Debits already presented keep the mandate they were drawn on.
 */
@Injectable()
export class DirectDebits {
  private readonly logger = new Logger(DirectDebits.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: DirectDebitStore,
    private readonly accounts: AccountsStore,
    private readonly invoices: InvoicesStore,
    private readonly payments: PaymentsStore,
    private readonly counters: CommuneCountersStore,
    private readonly communes: CommunesStore,
    private readonly outcomes: PaymentOutcomes,
    private readonly cipher: HealthDataCipher,
    private readonly creditors: SepaCreditorLookup,
  ) {}

  /* ---------- mandates ---------- */

  async createMandate(ctx: RequestContext, input: CreateMandate): Promise<MandateEntity> {
    const debtorName = input.debtorName.replace(/\s+/g, ' ').trim();
    if (!debtorName) throw invalidField('debtorName', 'Saisissez le nom du titulaire du compte.');
    if (debtorName.length > 70) throw invalidField('debtorName', 'Le nom du titulaire ne peut pas dépasser 70 caractères.');
    const iban = checkIban(input.iban);
    const bic = checkBic(input.bic);
    const today = communeToday(ctx);
    if (input.signedOn > today) throw invalidField('signedOn', `La date de signature du mandat ne peut pas être dans le futur (au plus tard le ${frenchDate(today)}).`);
    return this.uow.run(async (tx) => {
      const family = await this.accounts.lockFamily(tx, ctx.communeId, input.familyId);
      if (!family) throw notFound('Family', 'Famille introuvable.');
      const current = await this.store.activeMandateOf(tx, family.id);
      if (current) await this.store.revokeMandate(tx, current.id);
      const seq = await this.counters.nextNumber(tx, ctx.communeId, DIRECT_DEBIT_COUNTERS.mandate);
      return this.store.insertMandate(tx, {
        communeId: ctx.communeId,
        familyId: family.id,
        reference: mandateReference(ctx.commune.code, family.id, seq),
        debtorName,
        ibanEncrypted: this.cipher.encrypt(iban)!,
        ibanMasked: maskIban(iban),
        bic,
        signedOn: input.signedOn,
      });
    });
  }

  /** ACTIVE → REVOKED; revoking a revoked mandate changes nothing. Debits already presented stay. */
  async revokeMandate(ctx: RequestContext, mandateId: string): Promise<MandateEntity> {
    return this.uow.run(async (tx) => {
      const mandate = await this.store.lockMandate(tx, ctx.communeId, mandateId);
      if (!mandate) throw notFound('Mandate', 'Mandat introuvable.');
      if (mandate.state === 'ACTIVE' && (await this.store.revokeMandate(tx, mandate.id))) {
        mandate.state = 'REVOKED';
        mandate.revokedAt = new Date();
      }
      return mandate;
    });
  }

  /** Staff: a family's mandates, newest first. */
  mandatesOf(ctx: RequestContext, familyId: string): Promise<MandateEntity[]> {
    return this.store.mandatesOfFamily(this.uow.read, ctx.communeId, familyId);
  }

  /** The family's own mandates. */
  myMandates(ctx: RequestContext): Promise<MandateEntity[]> {
    return this.store.mandatesOfFamily(this.uow.read, ctx.communeId, ctx.familyId);
  }

  /* ---------- batches ---------- */

  /**
   * Every invoice with something left to pay (UNPAID: not handed to the Trésor, no payment under
   * way — an invoice in an open batch waits PAYMENT_PENDING) of the families with an active mandate,
   * presented for `collectionDate`: a PENDING payment each (its invoice PAYMENT_PENDING) and the
   * batch's pain.008 file, in one transaction. A rejected debit left its invoice UNPAID: it is
   * presented again. Batches of a commune are made one at a time.
   */
  async createBatch(ctx: RequestContext, collectionDate: LocalDate): Promise<DirectDebitBatchEntity> {
    const today = communeToday(ctx);
    if (collectionDate < today) throw invalidField('collectionDate', `La date de prélèvement ne peut pas être passée (le ${frenchDate(today)} au plus tôt).`);
    const creditor = await this.creditors.creditor(this.uow.read, ctx.communeId);
    if (!creditor) throw conflict('SEPA_CREDITOR_MISSING', 'Identité de créancier SEPA de la commune manquante : renseignez-la dans « Régie » avant de créer un lot de prélèvements.');
    if (!validateCreditorID(creditor.id)) throw conflict('SEPA_CREDITOR_INVALID', 'L’identifiant de créancier SEPA (ICS) de la commune est invalide : corrigez-le dans « Régie ».');
    const creditorIban = checkIban(creditor.iban, 'sepaIban');
    return this.uow.run(async (tx) => {
      await this.store.lockCommuneBatches(tx, ctx.communeId);
      // The money lock order: the families (id order), then their invoices, then the counters.
      for (const m of await this.store.activeMandates(tx, ctx.communeId)) await this.accounts.lockFamily(tx, ctx.communeId, m.familyId);
      const mandates = new Map((await this.store.activeMandates(tx, ctx.communeId)).map((m) => [m.familyId, m]));
      const unpaid = await this.invoices.invoicesOfFamilies(tx, ctx.communeId, [...mandates.keys()], ['UNPAID']);
      const invoices = (
        await this.invoices.lockInvoices(
          tx,
          unpaid.map((i) => i.id),
          { communeId: ctx.communeId },
        )
      )
        .filter((i) => i.state === 'UNPAID' && remainingOf(i) > 0 && mandates.has(i.familyId))
        .sort(byAge);
      if (!invoices.length) {
        throw conflict(
          'NOTHING_TO_DEBIT',
          mandates.size
            ? 'Aucune facture à prélever : les factures des familles ayant un mandat actif sont soldées, en attente d’un paiement ou remises au Trésor Public.'
            : 'Aucune facture à prélever : aucune famille n’a de mandat de prélèvement actif.',
        );
      }
      const number = await this.counters.nextNumber(tx, ctx.communeId, DIRECT_DEBIT_COUNTERS.batch);
      const debits: Pain008Debit[] = [];
      const links: Array<{ paymentId: string; mandateId: string; invoiceId: string }> = [];
      const ibans = new Map<string, string>();
      for (const invoice of invoices) {
        const mandate = mandates.get(invoice.familyId)!;
        const amountCents = remainingOf(invoice);
        const payment = await this.payments.insertPayment(tx, {
          communeId: ctx.communeId,
          familyId: invoice.familyId,
          number: await this.counters.nextNumber(tx, ctx.communeId, COUNTERS.payment),
          provider: 'DIRECT_DEBIT',
          amountCents,
          state: 'PENDING',
          receivedOn: collectionDate,
          recordedBy: ctx.account.accountId,
          reference: mandate.reference,
        });
        await this.payments.insertAllocations(tx, payment.id, [{ invoiceId: invoice.id, cents: amountCents }]);
        await this.invoices.updateInvoice(tx, invoice, { state: 'PAYMENT_PENDING' });
        if (!ibans.has(mandate.id)) ibans.set(mandate.id, this.cipher.decrypt(mandate.ibanEncrypted)!);
        debits.push({
          endToEndId: formatPaymentNumber(payment.number),
          amountCents,
          mandateReference: mandate.reference,
          mandateSignedOn: mandate.signedOn,
          debtorName: mandate.debtorName,
          debtorIban: ibans.get(mandate.id)!,
          debtorBic: mandate.bic,
          remittance: `Facture ${invoice.number} ${ctx.commune.name}`,
        });
        links.push({ paymentId: payment.id, mandateId: mandate.id, invoiceId: invoice.id });
      }
      const createdAt = new Date();
      const code = ctx.commune.code.toUpperCase().replace(/[^A-Z0-9]/g, '');
      const xml = pain008({
        messageId: `${code}-PRLV-${String(number).padStart(5, '0')}`,
        createdAt,
        collectionDate,
        creditor: { ...creditor, iban: creditorIban },
        debits,
      });
      const batch = await this.store.insertBatch(tx, {
        communeId: ctx.communeId,
        number,
        createdAt,
        collectionDate,
        paymentCount: debits.length,
        amountCents: debits.reduce((sum, d) => sum + d.amountCents, 0),
        fileName: `prelevements-${code.toLowerCase()}-${String(number).padStart(5, '0')}-${collectionDate}.xml`,
        file: Buffer.from(xml, 'utf8'),
      });
      await this.store.insertPayments(
        tx,
        links.map((l) => ({ ...l, batchId: batch.id })),
      );
      this.logger.log(`lot de prélèvements n° ${number} (${debits.length} factures) pour le ${collectionDate}`);
      return batch;
    });
  }

  async batches(ctx: RequestContext, req: PageRequest): Promise<Page<DirectDebitBatchEntity>> {
    const [items, total] = await this.store.batchesPage(this.uow.read, ctx.communeId, req.offset, req.pageSize);
    return toPage(req, items, total);
  }

  /** The batch's pain.008 file, staff of its commune only (another commune's: not found). */
  async batchFile(ctx: RequestContext, id: string): Promise<{ fileName: string; file: Buffer }> {
    const found = ctx.isStaff ? await this.store.batchFile(this.uow.read, ctx.communeId, id) : null;
    if (!found) throw notFound('DirectDebitBatch', 'Lot de prélèvements introuvable.');
    return found;
  }

  /** The batches' payments, by batch (GraphQL `DirectDebitBatch.payments`). */
  async paymentsOfBatches(batchIds: readonly string[]): Promise<PaymentEntity[][]> {
    const links = await this.store.linksOfBatches(this.uow.read, batchIds);
    const payments = new Map(
      (
        await this.payments.paymentsByIds(
          this.uow.read,
          links.map((l) => l.paymentId),
        )
      ).map((p) => [p.id, p]),
    );
    return batchIds.map((id) =>
      links
        .filter((l) => l.batchId === id)
        .map((l) => payments.get(l.paymentId)!)
        .sort((a, b) => a.number - b.number),
    );
  }

  /** « Prélèvement prévu le … » of each invoice (null: no debit pending). */
  async collectionDatesOf(invoiceIds: readonly string[]): Promise<Array<LocalDate | null>> {
    const dates = await this.store.pendingCollectionDates(this.uow.read, invoiceIds);
    return invoiceIds.map((id) => dates.get(id) ?? null);
  }

  mandatesByIds(ids: readonly string[]): Promise<MandateEntity[]> {
    return this.store.mandatesByIds(this.uow.read, ids);
  }

  /* ---------- the bank's answer ---------- */

  /**
   * The bank returned a debit (reason code: AM04…), before or after its collection date: the
   * payment is REFUSED with its reason, its invoice owes again (what a validated debit had given is
   * taken back), the family is mailed (with the payment's move, `PaymentMails`). Recorded again, it
   * changes nothing (the payment is already REFUSED).
   */
  async recordReject(ctx: RequestContext, paymentId: string, reasonCode: string): Promise<PaymentEntity> {
    const { reason } = rejectReason(reasonCode);
    return this.uow.run(async (tx) => {
      const payment = await this.payments.lockPayment(tx, paymentId);
      if (!payment || payment.communeId !== ctx.communeId || payment.provider !== 'DIRECT_DEBIT') throw notFound('Payment', 'Prélèvement introuvable.');
      if (payment.state === 'PENDING') await this.outcomes.end(tx, payment, 'REFUSED', reason);
      else if (payment.state === 'VALIDATED') await this.outcomes.takeBack(tx, payment, reason);
      return payment;
    });
  }

  /**
   * The chore: each PENDING direct debit whose collection date has come (in its commune's calendar)
   * is VALIDATED and allocated to its invoice. `now`: the calendar's instant (tests pass another day).
   */
  async collect(now: Date = clock.now()): Promise<number> {
    let collected = 0;
    const zones = new Map<string, string>();
    for (const c of await this.store.collectCandidates(this.uow.read, todayIn(EARLIEST_ZONE, now), 500)) {
      if (!zones.has(c.communeId)) zones.set(c.communeId, (await this.communes.byId(this.uow.read, c.communeId))?.timezone ?? 'Europe/Paris');
      if (c.collectionDate > todayIn(zones.get(c.communeId)!, now)) continue;
      const done = await this.uow.run(async (tx) => {
        const payment = await this.payments.lockPayment(tx, c.paymentId);
        if (payment?.state !== 'PENDING') return false;
        await this.outcomes.validate(tx, payment);
        return true;
      });
      if (done) collected++;
    }
    if (collected) this.logger.log(`${collected} prélèvement(s) validé(s) à leur date d’échéance`);
    return collected;
  }
}
