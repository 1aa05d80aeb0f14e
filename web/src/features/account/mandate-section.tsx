import { MyMandatesDocument } from '../../api/generated';
import { useQuery } from '../../api/query';
import { frDate } from '../../ui/format';
import { ErrorMessage } from '../../ui/kit';

/** « Prélèvement automatique »: the family's mandate as the régie recorded it (RUM, masked IBAN, state). */
export function MandateSection() {
  const list = useQuery(MyMandatesDocument);
  const mandates = list.data?.myMandates ?? [];
  if (!list.error && mandates.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="prelevement">
      <h2 id="prelevement">Prélèvement automatique</h2>
      <ErrorMessage error={list.error} />
      {mandates.map((m) => (
        <dl className="facts" key={m.id}>
          <div>
            <dt>Référence du mandat (RUM)</dt>
            <dd>{m.reference}</dd>
          </div>
          <div>
            <dt>Compte débité</dt>
            <dd>{m.ibanMasked}</dd>
          </div>
          <div>
            <dt>Signé le</dt>
            <dd>{frDate(m.signedOn)}</dd>
          </div>
          <div>
            <dt>Etat</dt>
            <dd>{m.state === 'ACTIVE' ? 'Mandat actif' : 'Mandat révoqué'}</dd>
          </div>
        </dl>
      ))}
    </section>
  );
}
