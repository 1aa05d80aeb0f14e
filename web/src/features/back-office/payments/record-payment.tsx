import { useState } from 'react';
import { useMutation } from '../../../api/query';
import { PaymentMethod, RecordPaymentDocument } from '../../../api/generated';
import { euros } from '../../../ui/format';
import { Button, Field, Form, SelectField, Success } from '../../../ui/kit';
import type { FileData } from '../families/family-file';
import { today } from '../shared/days';
import { AMOUNT_REQUIRED, euroCents } from '../shared/numbers';

const METHODS: Record<PaymentMethod, string> = { CASH: 'Espèces', CHECK: 'Chèque', TRANSFER: 'Virement', CESU: 'CESU' };

/** « Enregistrer un paiement » on a family's file: cash, cheque (its number required, its bank), transfer (its reference), CESU. */
export function RecordPayment({ data }: { data: FileData }) {
  // Every invoice still due, whatever page of the list is shown, oldest first.
  const due = [...data.unpaid.items, ...data.treasury.items].filter((i) => i.remainingCents > 0).sort((a, b) => a.issuedOn.localeCompare(b.issuedOn) || a.number.localeCompare(b.number));
  const [method, setMethod] = useState<PaymentMethod>('CHECK');
  const [reference, setReference] = useState('');
  const [issuer, setIssuer] = useState('');
  const [amount, setAmount] = useState('');
  const [receivedOn, setReceivedOn] = useState(today());
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [done, setDone] = useState<string | null>(null);
  const [badAmount, setBadAmount] = useState(false);
  const record = useMutation(RecordPaymentDocument);
  const submit = async () => {
    setDone(null);
    const cents = euroCents(amount);
    setBadAmount(cents === null);
    if (cents === null) return;
    const result = await record.mutate({
      input: {
        familyId: data.family.id,
        method,
        amountCents: cents,
        receivedOn,
        invoiceIds: [...chosen],
        reference: reference.trim() || null,
        issuer: method === 'CHECK' ? issuer.trim() || null : null,
      },
    });
    if (result) {
      setDone(`Paiement n° ${result.recordPayment.number} de ${euros(result.recordPayment.amountCents)} enregistré.`);
      setAmount('');
      setReference('');
      setIssuer('');
      setChosen(new Set());
    }
  };
  return (
    <section className="panel" aria-labelledby="paiement-hors-ligne">
      <h2 id="paiement-hors-ligne">Enregistrer un paiement (espèces, chèque, virement, CESU)</h2>
      {done ? <Success>{done}</Success> : null}
      {due.length === 0 ? (
        <p>Aucune facture à régler.</p>
      ) : (
        <Form onSubmit={submit} error={record.error} fields={['amountCents', 'receivedOn', 'method', 'reference', 'issuer']} label="Enregistrer un paiement">
          <fieldset>
            <legend>Factures réglées par ce paiement</legend>
            {due.map((i) => (
              <label key={i.id} className="choice">
                <input
                  type="checkbox"
                  checked={chosen.has(i.id)}
                  onChange={() => {
                    const next = new Set(chosen);
                    if (next.has(i.id)) next.delete(i.id);
                    else next.add(i.id);
                    setChosen(next);
                  }}
                />
                <span>
                  Facture n° {i.number} — restant dû {euros(i.remainingCents)}
                </span>
              </label>
            ))}
          </fieldset>
          <div className="grid-3">
            <SelectField label="Moyen de paiement" name="method" value={method} onChange={(e) => setMethod(e.target.value as PaymentMethod)} error={record.error}>
              {Object.entries(METHODS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </SelectField>
            <Field
              label="Montant (€)"
              name="amountCents"
              inputMode="decimal"
              required
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              error={record.error}
              message={badAmount ? AMOUNT_REQUIRED : null}
            />
            <Field label="Reçu le" name="receivedOn" type="date" required value={receivedOn} onChange={(e) => setReceivedOn(e.target.value)} error={record.error} />
          </div>
          <div className="grid-3">
            {method === 'CHECK' ? (
              <>
                <Field
                  label="N° du chèque"
                  name="reference"
                  inputMode="numeric"
                  required
                  hint="Les chiffres en bas à gauche du chèque (7 en général)."
                  value={reference}
                  onChange={(e) => setReference(e.target.value)}
                  error={record.error}
                />
                <Field label="Banque" name="issuer" hint="Facultatif." value={issuer} onChange={(e) => setIssuer(e.target.value)} error={record.error} />
              </>
            ) : method === 'TRANSFER' ? (
              <Field
                label="Référence du virement"
                name="reference"
                hint="Facultatif : le libellé ou la référence lus sur le relevé."
                value={reference}
                onChange={(e) => setReference(e.target.value)}
                error={record.error}
              />
            ) : method === 'CESU' ? (
              <Field label="N° des titres CESU" name="reference" hint="Facultatif." value={reference} onChange={(e) => setReference(e.target.value)} error={record.error} />
            ) : null}
          </div>
          <div className="actions">
            <Button type="submit" pending={record.pending}>
              Enregistrer le paiement
            </Button>
          </div>
        </Form>
      )}
    </section>
  );
}
