import { useState } from 'react';
import { useMutation } from '../../../api/query';
import { ActivityFieldsFragment, SetPriceBracketsDocument } from '../../../api/generated';
import { Button, Field, Form, Success } from '../../../ui/kit';
import { AMOUNT_REQUIRED, euroCents, NUMBER_REQUIRED, wholeNumber } from '../shared/numbers';

/** « Prix au quotient familial »: the price of a meal by bracket of quotient. */
export function PriceBrackets({ activity }: { activity: ActivityFieldsFragment }) {
  const initial = activity.priceBrackets.map((b) => ({ upTo: b.upToQuotient === null ? '' : String(b.upToQuotient), price: (b.mealPriceCents / 100).toFixed(2).replace('.', ',') }));
  const [rows, setRows] = useState(initial.length ? initial : [{ upTo: '', price: '' }]);
  const [done, setDone] = useState(false);
  const [wrongRow, setWrongRow] = useState(-1);
  const save = useMutation(SetPriceBracketsDocument);
  const submit = async () => {
    setDone(false);
    const filled = rows.filter((r) => r.price.trim() || r.upTo.trim());
    const wrong = filled.findIndex((r) => euroCents(r.price) === null || (r.upTo.trim() !== '' && wholeNumber(r.upTo) === null));
    setWrongRow(wrong);
    if (wrong >= 0) return;
    const brackets = filled.map((r) => ({ upToQuotient: r.upTo.trim() ? wholeNumber(r.upTo) : null, mealPriceCents: euroCents(r.price)! }));
    if (await save.mutate({ input: { activityId: activity.id, brackets } })) {
      setDone(true);
    }
  };
  return (
    <section className="panel" aria-labelledby="tranches">
      <h2 id="tranches">Prix au quotient familial</h2>
      <p className="hint">Dans l’ordre des quotients ; laissez le plafond de la dernière tranche vide. Sans tranche, le prix unique de l’activité s’applique à tous.</p>
      {done ? <Success>Tranches enregistrées.</Success> : null}
      <Form onSubmit={submit} error={save.error} fields={[]} label="Prix au quotient familial">
        {rows.map((r, i) => (
          <div className="grid-3" key={i}>
            <Field
              label={`Tranche ${i + 1} : quotient jusqu’à (inclus)`}
              name={`upTo${i}`}
              inputMode="numeric"
              value={r.upTo}
              onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, upTo: e.target.value } : x)))}
              message={wrongRow === i && r.upTo.trim() && wholeNumber(r.upTo) === null ? NUMBER_REQUIRED : null}
            />
            <Field
              label={`Tranche ${i + 1} : prix du repas (€)`}
              name={`price${i}`}
              inputMode="decimal"
              value={r.price}
              onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, price: e.target.value } : x)))}
              message={wrongRow === i && euroCents(r.price) === null ? AMOUNT_REQUIRED : null}
            />
          </div>
        ))}
        <div className="actions">
          <Button kind="secondary" type="button" onClick={() => setRows([...rows, { upTo: '', price: '' }])}>
            Ajouter une tranche
          </Button>
          <Button type="submit" pending={save.pending}>
            Enregistrer les tranches
          </Button>
        </div>
      </Form>
    </section>
  );
}
