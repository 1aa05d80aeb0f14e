import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { LocalDate } from '../dates/local-date';
import type { AccountEntity } from '../../modules/accounts/account.entity';
import type { FamilyEntity } from '../../modules/accounts/family.entity';
import type { ActivityType, ClosureType, EstablishmentType, PriceBracketType } from '../../modules/activities/dto/activity.type';
import type { DatedLine } from '../../modules/billing/billing.service';
import type { CreditNoteEntity } from '../../modules/billing/credit-note.entity';
import type { CreditNoteLineEntity } from '../../modules/billing/credit-note-line.entity';
import type { InvoiceEntity } from '../../modules/billing/invoice.entity';
import type { InvoiceLineEntity } from '../../modules/billing/invoice-line.entity';
import type { Diet } from '../../modules/children/child.entity';
import type { ChildType } from '../../modules/children/dto/child.type';
import type { FamilyQuotientType } from '../../modules/families/dto/family-quotient.type';
import type { RegistrationType } from '../../modules/registrations/dto/registration.type';
import type { HeadcountDay } from '../../modules/reservations/planning.service';
import type { ReservationEntity } from '../../modules/reservations/reservation.entity';
import type { ReservationLineEntity } from '../../modules/reservations/reservation-line.entity';
import type { PaymentEntity } from '../../modules/payments/payment.entity';
import type { TreasuryExportEntity } from '../../modules/treasury/treasury-export.entity';

/** A loader's key (what a field resolver asks for) and value (what it gets for that key). */
interface Loader<K, V> {
  key: K;
  value: V;
}

/**
 * Every per-request loader of the API, declared once: its name, its key and its value. The module
 * whose service reads the rows registers the batch (`LoaderRegistry.register`, in its resolver);
 * field resolvers of any module use it by name (`gql.loaders.get('children')`).
 */
export interface LoaderTypes {
  /** accounts */
  familyById: Loader<string, FamilyEntity | null>;
  /** activities */
  activities: Loader<string, ActivityType | null>;
  establishments: Loader<string, EstablishmentType | null>;
  closures: Loader<string, ClosureType[]>;
  priceBrackets: Loader<string, PriceBracketType[]>;
  /** billing */
  invoiceById: Loader<string, InvoiceEntity>;
  /** Keyed by the invoice itself (its due date derives from its columns and its days). */
  invoiceDueOn: Loader<InvoiceEntity, LocalDate>;
  invoiceLines: Loader<string, DatedLine<InvoiceLineEntity>[]>;
  invoiceCreditNotes: Loader<string, CreditNoteEntity[]>;
  creditNoteLines: Loader<string, DatedLine<CreditNoteLineEntity>[]>;
  paymentInvoices: Loader<string, InvoiceEntity[]>;
  familyCreditBalance: Loader<string, number>;
  /** children */
  children: Loader<string, ChildType | null>;
  childrenByFamily: Loader<string, ChildType[]>;
  /** families */
  accountsByFamily: Loader<string, AccountEntity[]>;
  quotientsByFamily: Loader<string, FamilyQuotientType[]>;
  /** registrations */
  registrationsByChild: Loader<string, RegistrationType[]>;
  /** reservations */
  reservationLines: Loader<string, ReservationLineEntity[]>;
  cancelledBy: Loader<string, ReservationEntity | null>;
  townHallNote: Loader<string, string | null>;
  childrenByDay: Loader<HeadcountDay, ChildType[]>;
  dietsByDay: Loader<HeadcountDay, Array<{ diet: Diet; count: number }>>;
  /** treasury */
  invoiceTreasuryExport: Loader<string, TreasuryExportEntity | null>;
  /** direct-debit */
  directDebitBatchPayments: Loader<string, PaymentEntity[]>;
  invoiceDirectDebitOn: Loader<string, LocalDate | null>;
}

export type LoaderName = keyof LoaderTypes;
export type LoaderKey<N extends LoaderName> = LoaderTypes[N]['key'];
export type LoaderValue<N extends LoaderName> = LoaderTypes[N]['value'];
/** A service's batch read: the values in the order of the keys. */
export type LoaderBatch<N extends LoaderName> = (keys: readonly LoaderKey<N>[]) => Promise<LoaderValue<N>[]>;

/**
 * The batch read behind each loader, registered once by the module that owns the rows (at module
 * init, like job handlers). Batch functions are the services' batch reads, so that tables are read
 * only by their module's store; field resolvers run outside any transaction (a mutation's has
 * committed before its result's fields resolve), so those reads go through the unit of work's read
 * handle.
 */
@Injectable()
export class LoaderRegistry {
  private readonly batches = new Map<LoaderName, LoaderBatch<LoaderName>>();

  register<N extends LoaderName>(name: N, batch: LoaderBatch<N>): void {
    if (this.batches.has(name)) throw new Error(`loader ${name}: a batch is already registered`);
    this.batches.set(name, batch as unknown as LoaderBatch<LoaderName>);
  }

  /** The loaders of one request (their caches live as long as it does). */
  forRequest(): Loaders {
    return new Loaders(this);
  }

  /** @internal */
  batchOf<N extends LoaderName>(name: N): LoaderBatch<N> {
    const batch = this.batches.get(name);
    if (!batch) throw new Error(`loader ${name}: no batch registered`);
    return batch as unknown as LoaderBatch<N>;
  }
}

/**
 * Per-request DataLoaders, built in the GraphQL context (not request-scoped providers): field
 * resolvers batch their lookups into one query per type and request.
 */
export class Loaders {
  private readonly cache = new Map<LoaderName, DataLoader<unknown, unknown>>();

  constructor(private readonly registry: LoaderRegistry) {}

  get<N extends LoaderName>(name: N): DataLoader<LoaderKey<N>, LoaderValue<N>> {
    let loader = this.cache.get(name) as DataLoader<LoaderKey<N>, LoaderValue<N>> | undefined;
    if (!loader) {
      loader = new DataLoader<LoaderKey<N>, LoaderValue<N>>(this.registry.batchOf(name));
      this.cache.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}
