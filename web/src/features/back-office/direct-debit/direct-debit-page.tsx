import { useState } from 'react';
import { CreateDirectDebitBatchDocument, DirectDebitBatchesDocument, RecordDirectDebitRejectDocument } from '../../../api/generated';
import { useMutation, useQuery } from '../../../api/query';
import { usePageTitle } from '../../../app/navigation';
import { DownloadButton } from '../../billing/download-button';
import { euros, frDate, frDateTime } from '../../../ui/format';
import { Button, ErrorMessage, Field, Form, Loading, Pager, Success } from '../../../ui/kit';
import { today } from '../shared/days';

/** The ISO codes a bank returns most, with their words (the server checks them and knows more). */
const REJECT_CODES: Record<string, string> = {
  AM04: 'Provision insuffisante',
  AC01: 'Numéro de compte incorrect',
  AC04: 'Compte clôturé',
  AC06: 'Compte bloqué',
  MD01: 'Pas de mandat valide',
  MD06: 'Remboursement demandé par le débiteur',
  MS02: 'Refus du débiteur',
  MS03: 'Raison non communiquée par la banque',
  SL01: 'Service spécifique de la banque du débiteur (opposition)',
};

/** « Prélèvements »: the batches (create one for a collection date, download its file), rejects on their payments. */
export function DirectDebitPage() {
  usePageTitle('Prélèvements');
  const [page, setPage] = useState(1);
  const list = useQuery(DirectDebitBatchesDocument, { page });
  const create = useMutation(CreateDirectDebitBatchDocument);
  const reject = useMutation(RecordDirectDebitRejectDocument);
  const [collectionDate, setCollectionDate] = useState(today());
  const [codes, setCodes] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const submit = async () => {
    setDone(null);
    const result = await create.mutate({ input: { collectionDate } });
    if (result) setDone(`Lot n° ${result.createDirectDebitBatch.number} créé : ${result.createDirectDebitBatch.paymentCount} facture(s), ${euros(result.createDirectDebitBatch.amountCents)}.`);
  };
  const data = list.data?.directDebitBatches;
  return (
    <>
      <h1 tabIndex={-1}>Prélèvements</h1>
      <p>Les mandats se gèrent sur la fiche de chaque famille (« Mandats de prélèvement »).</p>
      <section className="panel" aria-labelledby="nouveau-lot">
        <h2 id="nouveau-lot">Créer un lot</h2>
        {done ? <Success>{done}</Success> : null}
        <Form onSubmit={() => void submit()} error={create.error} fields={['collectionDate']} label="Créer un lot">
          <Field label="Date de prélèvement" name="collectionDate" type="date" min={today()} value={collectionDate} onChange={(e) => setCollectionDate(e.target.value)} error={create.error} required />
          <Button type="submit" pending={create.pending}>
            Créer un lot
          </Button>
        </Form>
      </section>
      {list.loading && !data ? <Loading /> : null}
      <ErrorMessage error={list.error ?? reject.error} />
      {data?.items.map((b) => (
        <section key={b.id} className="panel" aria-labelledby={`lot-${b.id}`}>
          <h2 id={`lot-${b.id}`}>
            Lot n° {b.number} — prélèvement le {frDate(b.collectionDate)}
          </h2>
          <p>
            Créé le {frDateTime(b.createdAt)} : {b.paymentCount} facture(s), {euros(b.amountCents)}.{' '}
            <DownloadButton path={b.fileUrl} label={`Télécharger le fichier ${b.fileName}`} format="XML" compact />
          </p>
          <div className="table-scroll">
            <table>
              <caption>Paiements du lot n° {b.number}</caption>
              <thead>
                <tr>
                  <th scope="col">Paiement</th>
                  <th scope="col">Famille</th>
                  <th scope="col">Facture</th>
                  <th scope="col">Montant</th>
                  <th scope="col">Etat</th>
                  <th scope="col">Rejet de la banque</th>
                </tr>
              </thead>
              <tbody>
                {b.payments.map((p) => (
                  <tr key={p.id}>
                    <td>{p.number}</td>
                    <td>{p.family.name}</td>
                    <td>{p.invoices.map((i) => i.number).join(', ')}</td>
                    <td>{euros(p.amountCents)}</td>
                    <td>
                      {p.stateLabel}
                      {p.reason ? ` — ${p.reason}` : ''}
                    </td>
                    <td>
                      {p.state === 'REFUSED' ? null : (
                        <>
                          <label>
                            <span className="visually-hidden">Motif du rejet du paiement n° {p.number}</span>
                            <select value={codes[p.id] ?? 'AM04'} onChange={(e) => setCodes({ ...codes, [p.id]: e.target.value })}>
                              {Object.entries(REJECT_CODES).map(([code, label]) => (
                                <option key={code} value={code}>
                                  {code} — {label}
                                </option>
                              ))}
                            </select>
                          </label>{' '}
                          <Button kind="danger" pending={reject.pending} onClick={() => void reject.mutate({ input: { paymentId: p.id, reasonCode: codes[p.id] ?? 'AM04' } })}>
                            Enregistrer le rejet
                          </Button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      {data ? <Pager page={data.page} pageSize={data.pageSize} total={data.totalCount} onPage={setPage} what="lots" /> : null}
    </>
  );
}
