import { useState } from 'react';
import { useQuery } from '../api/hooks';
import { PaymentState, StaffPaymentsDocument } from '../api/generated';
import { Link, useLocation, usePageTitle } from '../router';
import { euros, frDate } from '../ui/format';
import { ErrorMessage, Loading, Pager, SelectField, StateBadge } from '../ui/kit';
import { PAYMENT_STATES } from '../ui/states';

export function PaymentsPage() {
  usePageTitle('Paiements');
  const { query } = useLocation();
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
              {look.label}
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
          <table>
            <caption className="visually-hidden">Paiements</caption>
            <thead>
              <tr>
                <th scope="col">Paiement</th>
                <th scope="col">Famille</th>
                <th scope="col">Date</th>
                <th scope="col">Montant</th>
                <th scope="col">Factures</th>
                <th scope="col">Etat</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.label}</th>
                  <td>
                    <Link to={`/agents/familles/${p.family.id}`}>{p.family.name}</Link>
                  </td>
                  <td>{frDate(p.receivedOn)}</td>
                  <td>{euros(p.amountCents)}</td>
                  <td>{p.invoices.map((i) => i.number).join(', ')}</td>
                  <td>
                    <StateBadge look={PAYMENT_STATES[p.state]} />
                    {p.flag ? <div className="flag">À regarder : {p.flag}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={data.page} pageSize={data.pageSize} total={data.totalCount} onPage={setPage} what="paiements" />
        </>
      ) : null}
    </>
  );
}
