import { useState } from 'react';
import { useQuery } from '../../../api/query';
import { PaymentState, StaffPaymentsDocument } from '../../../api/generated';
import { usePath, usePageTitle } from '../../../app/navigation';
import { ErrorMessage, Loading, Pager, SelectField } from '../../../ui/kit';
import { PAYMENT_STATES } from '../../../ui/states';
import { useStateLabel } from '../../../ui/use-state-label';
import { PaymentsTable } from './payments-table';

export function PaymentsPage() {
  const stateLabel = useStateLabel();
  usePageTitle('Paiements');
  const { query } = usePath();
  const [state, setState] = useState<PaymentState | ''>('');
  const [flagged, setFlagged] = useState(query.get('signales') === '1');
  const [page, setPage] = useState(1);
  const list = useQuery(StaffPaymentsDocument, { page, state: state || null, flagged: flagged || null });
  const data = list.data?.payments;
  return (
    <>
      <h1 tabIndex={-1}>Paiements</h1>
      <div className="panel filters" role="group" aria-label="Filtres">
        <SelectField
          label="Etat"
          name="state"
          value={state}
          onChange={(e) => {
            setPage(1);
            setState(e.target.value as PaymentState | '');
          }}
        >
          <option value="">Tous</option>
          {Object.entries(PAYMENT_STATES).map(([value, look]) => (
            <option key={value} value={value}>
              {stateLabel(look)}
            </option>
          ))}
        </SelectField>
        <label className="choice">
          <input
            type="checkbox"
            checked={flagged}
            onChange={() => {
              setPage(1);
              setFlagged(!flagged);
            }}
          />
          <span>Seulement les paiements signalés (acceptés après expiration, montant différent…)</span>
        </label>
      </div>
      {list.loading && !data ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {data ? (
        <>
          <PaymentsTable payments={data.items} showFamily caption="Paiements" />
          <Pager page={data.page} pageSize={data.pageSize} total={data.totalCount} onPage={setPage} what="paiements" />
        </>
      ) : null}
    </>
  );
}
