import { Inject, Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/context/request-context';
import { frenchDate, todayIn } from '../../common/dates/local-date';
import { badInput, notFound } from '../../common/errors/domain-error';
import { Page, PageArgs, pageRequest, toPage } from '../../common/graphql/pagination';
import { Db, Tx, UnitOfWork } from '../../database/unit-of-work';
import { AccountsStore } from '../accounts/accounts.store';
import { CreditNotesStore } from '../billing/credit-notes.store';
import { InvoicesStore } from '../billing/invoices.store';
import { CommuneCountersStore } from '../communes/commune-counters.store';
import { CommunesStore } from '../communes/communes.store';
import { HELIOS_IDENTITY_LOOKUP, HeliosIdentityLookup } from './helios-identity';
import { PesBordereau, PesDebtor, PesLine, PesPiece, pesAller } from './pes-aller';
import { PendingCreditNote, PendingInvoice, TreasuryStore } from './treasury.store';
import { TreasuryExportEntity } from './treasury-export.entity';

/** The numbers the format needs, per commune: exports, and per exercice its bordereaux (per type) and pièces. */
const SERIES = {
  export: 'treasury-export',
  bordereau: (kind: '01' | '02', exercice: number) => `pes-bordereau-${kind}-${exercice}`,
  piece: (exercice: number) => `pes-piece-${exercice}`,
};

const APPLICATION = 'Portail Famille';

interface DocLine {
  childName: string;
  activityName: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
}

const lineLabel = (l: DocLine) => `${l.childName} - ${l.activityName} - ${l.quantity} x ${(l.unitPriceCents / 100).toFixed(2).replace('.', ',')} EUR`;

/** « 12 rue des Lilas, 31190 Auterive » → street, postal code, city; else the whole as the street. */
export function splitAddress(address: string | null): { street: string | null; postalCode: string | null; city: string | null } {
  const a = address?.trim();
  if (!a) return { street: null, postalCode: null, city: null };
  const m = /^(.*?)[\s,]+(\d{5})\s+(.+)$/s.exec(a);
  return m ? { street: m[1].replace(/[\s,]+$/, ''), postalCode: m[2], city: m[3] } : { street: a, postalCode: null, city: null };
}

const groupBy = <T, K>(items: readonly T[], key: (t: T) => K) => {
  const map = new Map<K, T[]>();
  for (const i of items) map.set(key(i), [...(map.get(key(i)) ?? []), i]);
  return map;
};

/**
 * The hand-over of titles to the Trésor Public (SPEC « PES V2 titles for Hélios »): every invoice
 * issued up to a day and not sent yet goes out as a title, every credit note on a title sent before
 * as its reduction, in one PES_Aller file kept for download. Exporting changes no invoice.
 */
@Injectable()
export class TreasuryService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: TreasuryStore,
    private readonly invoices: InvoicesStore,
    private readonly creditNotes: CreditNotesStore,
    private readonly accounts: AccountsStore,
    private readonly communes: CommunesStore,
    private readonly counters: CommuneCountersStore,
    @Inject(HELIOS_IDENTITY_LOOKUP) private readonly helios: HeliosIdentityLookup,
  ) {}

  async exportToTreasury(ctx: RequestContext, upTo: string): Promise<TreasuryExportEntity> {
    const communeId = ctx.communeId;
    const today = todayIn(ctx.commune.timezone);
    if (upTo > today) throw badInput('UP_TO_IN_FUTURE', `La date « jusqu’au » ne peut pas être après aujourd’hui (${frenchDate(today)}).`, { field: 'upTo' });
    return this.uow.run(async (tx) => {
      const identity = await this.helios.heliosIdentity(tx, communeId);
      if (!identity) throw badInput('HELIOS_IDENTITY_MISSING', 'Identifiants Hélios de la commune manquants : renseignez-les dans « Régie » avant d’exporter.');
      // The export's number first: its counter row stays locked until this transaction ends, so two
      // exports of the commune run one after the other and the second sees what the first sent.
      const number = await this.counters.nextNumber(tx, communeId, SERIES.export);
      // One after the other: a transaction is one connection, and pg queues concurrent queries on it (deprecated).
      const invoices = await this.store.pendingInvoices(tx, communeId, upTo);
      const credits = await this.store.pendingCreditNotes(tx, communeId, upTo);
      if (!invoices.length && !credits.length)
        throw badInput('NOTHING_TO_EXPORT', `Rien à exporter : toutes les factures et tous les avoirs émis jusqu’au ${frenchDate(upTo)} ont déjà été transmis au Trésor Public.`);

      const built = await this.build(tx, communeId, invoices, credits);
      const commune = ctx.commune;
      const fileName = `PES_${commune.code.toUpperCase().replace(/[^A-Z0-9]+/g, '')}_${String(number).padStart(5, '0')}_${today.replace(/-/g, '')}.xml`;
      const file = pesAller({ fileName, issuedOn: today, identity, communeName: commune.name, application: APPLICATION, bordereaux: built.bordereaux });
      const row = await this.store.insertExport(tx, {
        communeId,
        number,
        upTo,
        invoiceCount: invoices.length,
        creditNoteCount: credits.length,
        amountCents: built.titlesCents - built.reductionsCents,
        fileName,
        file,
        createdBy: ctx.actor?.accountId ?? null,
      });
      await this.store.insertItems(tx, row.id, built.items);
      return row;
    });
  }

  /** The bordereaux of the file, their numbers drawn, and what each invoice and credit note became. */
  private async build(tx: Tx, communeId: string, invoices: PendingInvoice[], credits: PendingCreditNote[]) {
    const creditedInvoiceIds = [...new Set(credits.map((c) => c.invoiceId))];
    const familyIds = [...new Set([...invoices.map((i) => i.familyId), ...credits.map((c) => c.familyId)])];
    // One after the other on the transaction's connection (see exportToTreasury).
    const invoiceLines = await this.invoices.linesOf(
      tx,
      invoices.map((i) => i.id),
    );
    const creditLines = await this.creditNotes.creditNoteLinesOf(
      tx,
      credits.map((c) => c.id),
    );
    const creditedLines = await this.invoices.linesOf(tx, creditedInvoiceIds);
    const creditedInvoices = await this.invoices.invoicesByIds(tx, creditedInvoiceIds);
    const debtors = await this.debtors(tx, communeId, familyIds);
    const linesOfInvoice = groupBy(invoiceLines, (l) => l.invoiceId);
    const linesOfCredit = groupBy(creditLines, (l) => l.creditNoteId);
    const linesOfCredited = groupBy(creditedLines, (l) => l.invoiceId);
    const invoiceNumber = new Map(creditedInvoices.map((i) => [i.id, i.number]));

    const bordereaux: PesBordereau[] = [];
    const items: Array<{ invoiceId?: string; creditNoteId?: string; exercice: number; pieceNumber: number }> = [];
    let titlesCents = 0;
    let reductionsCents = 0;
    const byExercice = groupBy(invoices, (i) => Number(i.issuedOn.slice(0, 4)));
    const reductionsByExercice = groupBy(credits, (c) => c.titleExercice);
    const exercices = [...new Set([...byExercice.keys(), ...reductionsByExercice.keys()])].sort((a, b) => a - b);
    for (const exercice of exercices) {
      const titles = byExercice.get(exercice) ?? [];
      const reductions = reductionsByExercice.get(exercice) ?? [];
      let next = await this.counters.nextNumbers(tx, communeId, SERIES.piece(exercice), titles.length + reductions.length);
      if (titles.length) {
        const pieces = titles.map((inv): PesPiece => {
          const lines: PesLine[] = positive(linesOfInvoice.get(inv.id) ?? []).map((l) => ({ label: lineLabel(l), amountCents: l.amountCents }));
          const piece = {
            number: next++,
            object: `Facture ${inv.number} du ${frenchDate(inv.periodStart)} au ${frenchDate(inv.periodEnd)} ${inv.accueilLabel}`,
            debtor: debtors.get(inv.familyId)!,
            lines: lines.length ? lines : [{ label: inv.accueilLabel, amountCents: inv.amountCents }],
          };
          titlesCents += piece.lines.reduce((s, l) => s + l.amountCents, 0);
          items.push({ invoiceId: inv.id, exercice, pieceNumber: piece.number });
          return piece;
        });
        bordereaux.push({ exercice, number: await this.counters.nextNumber(tx, communeId, SERIES.bordereau('01', exercice)), kind: 'TITLES', pieces });
      }
      if (reductions.length) {
        const pieces = reductions.map((cn): PesPiece => {
          const titleLines = positive(linesOfCredited.get(cn.invoiceId) ?? []);
          const lines: PesLine[] = (linesOfCredit.get(cn.id) ?? [])
            .filter((l) => l.amountCents > 0)
            .map((l) => ({ label: lineLabel(l), amountCents: l.amountCents, originalLine: originalLineOf(titleLines, l) }));
          const piece = {
            number: next++,
            object: `Avoir ${cn.number} sur la facture ${invoiceNumber.get(cn.invoiceId) ?? ''} (titre ${cn.titleNumber} de ${cn.titleExercice})`,
            debtor: debtors.get(cn.familyId)!,
            lines: lines.length ? lines : [{ label: `Avoir ${cn.number}`, amountCents: cn.amountCents, originalLine: 1 }],
            original: { exercice: cn.titleExercice, number: cn.titleNumber },
          };
          reductionsCents += piece.lines.reduce((s, l) => s + l.amountCents, 0);
          items.push({ creditNoteId: cn.id, exercice, pieceNumber: piece.number });
          return piece;
        });
        bordereaux.push({ exercice, number: await this.counters.nextNumber(tx, communeId, SERIES.bordereau('02', exercice)), kind: 'REDUCTIONS', pieces });
      }
    }
    return { bordereaux, items, titlesCents, reductionsCents };
  }

  /** Each family as the debtor of its titles: its referent account's name and address, else the household's name and the town. */
  private async debtors(tx: Tx, communeId: string, familyIds: string[]): Promise<Map<string, PesDebtor>> {
    const families = await this.accounts.familiesByIds(tx, familyIds);
    const referents = await this.accounts.referentsOf(tx, familyIds);
    const commune = await this.communes.byId(tx, communeId);
    const referentOf = new Map(referents.map((r) => [r.familyId, r]));
    return new Map(
      families.map((f) => {
        const r = referentOf.get(f.id);
        const address = splitAddress(r?.address ?? null);
        return [
          f.id,
          {
            reference: f.id.slice(0, 8).toUpperCase(),
            name: r?.lastName || f.name,
            firstName: r?.firstName ?? null,
            street: address.street,
            postalCode: address.postalCode ?? commune?.postalCode ?? '',
            city: address.city ?? commune?.city ?? '',
          },
        ];
      }),
    );
  }

  async exports(ctx: RequestContext, args: PageArgs): Promise<Page<TreasuryExportEntity>> {
    const req = pageRequest(args);
    const [items, total] = await this.store.exportsPage(this.uow.read, ctx.communeId, req.offset, req.pageSize);
    return toPage(req, items, total);
  }

  /** The file of an export of the request's commune; another commune's is not found. */
  async file(ctx: RequestContext, id: string): Promise<{ fileName: string; file: Buffer }> {
    const row = await this.store.exportWithFile(this.uow.read, ctx.communeId, id);
    if (!row) throw notFound('Export', 'Export introuvable.');
    return { fileName: row.fileName, file: row.file };
  }

  /** The export each invoice went out in, for `Invoice.treasuryExport` (the invoices were read in their scope). */
  exportsOfInvoices(invoiceIds: readonly string[], db: Db = this.uow.read): Promise<Array<TreasuryExportEntity | null>> {
    return this.store.exportsOfInvoices(db, invoiceIds);
  }
}

/** The lines a title carries (above zero), in their order: IdLigne is the position in this list, from 1. */
const positive = <T extends DocLine & { position: number }>(lines: readonly T[]) => [...lines].filter((l) => l.amountCents > 0).sort((a, b) => a.position - b.position);

/** The title's line a credit-note line lowers: same child, activity and price, else same child and activity, else the first. */
function originalLineOf(titleLines: readonly DocLine[], l: DocLine): number {
  const exact = titleLines.findIndex((t) => t.childName === l.childName && t.activityName === l.activityName && t.unitPriceCents === l.unitPriceCents);
  const near = exact >= 0 ? exact : titleLines.findIndex((t) => t.childName === l.childName && t.activityName === l.activityName);
  return near >= 0 ? near + 1 : 1;
}
