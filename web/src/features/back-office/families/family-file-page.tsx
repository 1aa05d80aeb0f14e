import { useState } from 'react';
import { useQuery } from '../../../api/query';
import { FamilyFileDocument } from '../../../api/generated';
import { usePageTitle } from '../../../app/navigation';
import { ErrorMessage, Loading } from '../../../ui/kit';
import { RecordPayment } from '../payments/record-payment';
import { MandatesPanel } from '../direct-debit/mandates-panel';
import { AccountsPanel } from './accounts-panel';
import { ChildrenPanel } from './children-panel';
import { ExcuseAbsence } from './excuse-absence';
import { FamilyBillingPanel } from './family-billing-panel';
import type { FileData } from './family-file';
import { QuotientsPanel } from './quotients-panel';
import { ReservationsPanel } from './reservations-panel';

/** « Fiche famille »: its accounts, children, quotients, reservations, invoices and payments, and the régie's forms. */
export function FamilyFilePage({ id }: { id: string }) {
  usePageTitle('Fiche famille');
  const [pages, setPages] = useState({ reservationPage: 1, invoicePage: 1, paymentPage: 1 });
  const file = useQuery(FamilyFileDocument, { id, ...pages });
  // Turning a page keeps the file on screen (the previous answer) until the new page comes.
  const [shown, setShown] = useState<FileData | null>(null);
  if (file.data && file.data !== shown) setShown(file.data);
  const d = file.data ?? shown;
  const turn = (key: keyof typeof pages) => (page: number) => setPages({ ...pages, [key]: page });
  return (
    <>
      <h1 tabIndex={-1}>{d ? `Famille ${d.family.name}` : 'Fiche famille'}</h1>
      {file.loading && !d ? <Loading /> : null}
      <ErrorMessage error={file.error} />
      {d ? (
        <>
          <AccountsPanel data={d} />
          <ChildrenPanel data={d} />
          <QuotientsPanel data={d} />
          <ReservationsPanel data={d} onPage={turn('reservationPage')} />
          <FamilyBillingPanel data={d} onInvoicePage={turn('invoicePage')} onPaymentPage={turn('paymentPage')} />
          <RecordPayment data={d} />
          <MandatesPanel familyId={d.family.id} />
          <ExcuseAbsence data={d} />
        </>
      ) : null}
    </>
  );
}
