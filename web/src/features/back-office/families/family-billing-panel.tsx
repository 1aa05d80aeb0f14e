import { euros } from '../../../ui/format';
import { Pager } from '../../../ui/kit';
import { CreditNotesTable } from '../billing/credit-notes-table';
import { InvoicesTable } from '../billing/invoices-table';
import { PaymentsTable } from '../payments/payments-table';
import type { FileData } from './family-file';

/** « Factures, avoirs et paiements »: the family's credit, its invoices, credit notes and payments. */
export function FamilyBillingPanel({ data, onInvoicePage, onPaymentPage }: { data: FileData; onInvoicePage: (page: number) => void; onPaymentPage: (page: number) => void }) {
  return (
    <section className="panel" aria-labelledby="factures">
      <h2 id="factures">Factures, avoirs et paiements</h2>
      <p>Crédit de la famille : {euros(data.family.creditBalanceCents)}</p>
      <InvoicesTable invoices={data.invoices.items} total={data.invoices.totalCount} showFamily={false} />
      <Pager page={data.invoices.page} pageSize={data.invoices.pageSize} total={data.invoices.totalCount} onPage={onInvoicePage} what="factures de la famille" />
      <CreditNotesTable notes={data.creditNotes.items} total={data.creditNotes.totalCount} showFamily={false} />
      <PaymentsTable payments={data.payments.items} showFamily={false} caption={`Paiements (${data.payments.totalCount})`} />
      <Pager page={data.payments.page} pageSize={data.payments.pageSize} total={data.payments.totalCount} onPage={onPaymentPage} what="paiements de la famille" />
    </section>
  );
}
