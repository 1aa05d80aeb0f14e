import { useState } from 'react';
import { useQuery } from '../../../api/query';
import { PendingRegistrationsDocument } from '../../../api/generated';
import { usePageTitle } from '../../../app/navigation';
import { ErrorMessage, Loading, Pager, Success } from '../../../ui/kit';
import { RegistrationDecision } from './registration-decision';

/** « Inscriptions à traiter »: each pending registration with its decision. */
export function RegistrationsToDecidePage() {
  usePageTitle('Inscriptions à traiter');
  const [page, setPage] = useState(1);
  const list = useQuery(PendingRegistrationsDocument, { page, state: 'PENDING' });
  const data = list.data?.registrations;
  const [said, setSaid] = useState<string | null>(null);
  return (
    <>
      <h1 tabIndex={-1}>Inscriptions à traiter</h1>
      {said ? <Success>{said}</Success> : null}
      {list.loading && !data ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {data && data.totalCount === 0 ? <p>Aucune inscription en attente.</p> : null}
      {data?.items.map((r) => (
        <RegistrationDecision key={r.id} registration={r} onDecided={setSaid} />
      ))}
      {data ? <Pager page={data.page} pageSize={data.pageSize} total={data.totalCount} onPage={setPage} what="inscriptions à traiter" /> : null}
    </>
  );
}
