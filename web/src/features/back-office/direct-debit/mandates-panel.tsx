import { useState } from 'react';
import { CreateMandateDocument, FamilyMandatesDocument, RevokeMandateDocument } from '../../../api/generated';
import { useMutation, useQuery } from '../../../api/query';
import { frDate } from '../../../ui/format';
import { Button, ErrorMessage, Field, Form, Success } from '../../../ui/kit';
import { today } from '../shared/days';

/** « Mandats de prélèvement » on a family's file: the signed form recorded (RUM generated), revoked. */
export function MandatesPanel({ familyId }: { familyId: string }) {
  const list = useQuery(FamilyMandatesDocument, { familyId });
  const create = useMutation(CreateMandateDocument);
  const revoke = useMutation(RevokeMandateDocument);
  const [debtorName, setDebtorName] = useState('');
  const [iban, setIban] = useState('');
  const [bic, setBic] = useState('');
  const [signedOn, setSignedOn] = useState(today());
  const [done, setDone] = useState<string | null>(null);
  const submit = async () => {
    setDone(null);
    const result = await create.mutate({ input: { familyId, debtorName, iban, bic: bic.trim() || null, signedOn } });
    if (result) {
      setDone(`Mandat ${result.createMandate.reference} enregistré.`);
      setDebtorName('');
      setIban('');
      setBic('');
    }
  };
  const mandates = list.data?.mandates ?? [];
  return (
    <section className="panel" aria-labelledby="mandats">
      <h2 id="mandats">Mandats de prélèvement</h2>
      <ErrorMessage error={list.error ?? revoke.error} />
      {mandates.length === 0 ? (
        <p>Aucun mandat.</p>
      ) : (
        <ul>
          {mandates.map((m) => (
            <li key={m.id}>
              <strong>{m.reference}</strong> — {m.debtorName}, {m.ibanMasked}
              {m.bic ? ` (${m.bic})` : ''}, signé le {frDate(m.signedOn)} — {m.state === 'ACTIVE' ? 'actif' : 'révoqué'}{' '}
              {m.state === 'ACTIVE' ? (
                <Button kind="secondary" pending={revoke.pending} onClick={() => void revoke.mutate({ input: { mandateId: m.id } })}>
                  Révoquer
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {done ? <Success>{done}</Success> : null}
      <Form onSubmit={() => void submit()} error={create.error} fields={['debtorName', 'iban', 'bic', 'signedOn']} label="Enregistrer un mandat">
        <p>Un nouveau mandat remplace le mandat actif de la famille.</p>
        <div className="grid-3">
          <Field label="Titulaire du compte" name="debtorName" value={debtorName} onChange={(e) => setDebtorName(e.target.value)} error={create.error} required />
          <Field label="IBAN" name="iban" value={iban} onChange={(e) => setIban(e.target.value)} error={create.error} required autoComplete="off" />
          <Field label="BIC (facultatif)" name="bic" value={bic} onChange={(e) => setBic(e.target.value)} error={create.error} autoComplete="off" />
          <Field label="Signé le" name="signedOn" type="date" value={signedOn} max={today()} onChange={(e) => setSignedOn(e.target.value)} error={create.error} required />
        </div>
        <Button type="submit" pending={create.pending}>
          Enregistrer le mandat
        </Button>
      </Form>
    </section>
  );
}
