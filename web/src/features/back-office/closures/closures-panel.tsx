import { useState } from 'react';
import { request } from '../../../api/client';
import { useMutation } from '../../../api/query';
import { ActivityFieldsFragment, AddClosureDocument, ClosureHeadcountDocument, RemoveClosureDocument } from '../../../api/generated';
import { frDate } from '../../../ui/format';
import { Button, ErrorMessage, Field, Form, Success } from '../../../ui/kit';
import { today } from '../shared/days';
import { Closure, closureConsequence } from './closure-consequence';

/** « Calendrier : fermetures et jours fériés »: the list, a closure added after a confirmation, a closure removed. */
export function ClosuresPanel({ activity }: { activity: ActivityFieldsFragment }) {
  const [form, setForm] = useState({ from: today(), to: today(), label: '' });
  const [asked, setAsked] = useState<{ closure: Closure; cancelled: number | null } | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const add = useMutation(AddClosureDocument);
  const remove = useMutation(RemoveClosureDocument);
  const [counting, setCounting] = useState(false);

  // First step: count what the closure would cancel (the seats booked or held on its service days).
  const ask = async () => {
    setSaid(null);
    add.reset();
    const closure = { ...form, label: form.label.trim() };
    setCounting(true);
    let cancelled: number | null = null;
    try {
      const counts = await request(ClosureHeadcountDocument, { activityId: activity.id, from: closure.from, to: closure.to });
      cancelled = counts.dailyHeadcount.reduce((sum, d) => sum + d.booked + d.pending, 0);
    } catch {
      cancelled = null; // a period the headcount cannot count (too long, backwards): the server says what is wrong on confirmation
    } finally {
      setCounting(false);
    }
    setAsked({ closure, cancelled });
  };
  const confirm = async () => {
    if (!asked) return;
    const done = await add.mutate({ input: { activityId: activity.id, ...asked.closure } });
    setAsked(null);
    if (done) {
      setSaid('Fermeture enregistrée.');
      setForm({ from: today(), to: today(), label: '' });
    }
  };
  const removeOne = async (c: Closure) => {
    setSaid(null);
    const period = c.from === c.to ? `du ${frDate(c.from)}` : `du ${frDate(c.from)} au ${frDate(c.to)}`;
    if (!window.confirm(`Retirer la fermeture ${period} (${c.label}) ? Les jours redeviennent réservables ; les présences annulées par la fermeture ne sont pas réservées à nouveau.`)) return;
    if (await remove.mutate({ input: { activityId: activity.id, from: c.from, to: c.to } })) {
      setSaid(`Fermeture ${period} retirée : les jours sont de nouveau réservables.`);
    }
  };

  return (
    <section className="panel" aria-labelledby="fermetures">
      <h2 id="fermetures">Calendrier : fermetures et jours fériés</h2>
      {said ? <Success>{said}</Success> : null}
      <ErrorMessage error={remove.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">Du</th>
            <th scope="col">Au</th>
            <th scope="col">Motif</th>
            <th scope="col">Retirer</th>
          </tr>
        </thead>
        <tbody>
          {activity.closures.map((c) => (
            <tr key={`${c.from}-${c.label}`}>
              <td>{frDate(c.from)}</td>
              <td>{frDate(c.to)}</td>
              <th scope="row">{c.label}</th>
              <td>
                {c.removable ? (
                  <Button kind="secondary" pending={remove.pending} onClick={() => void removeOne(c)}>
                    Retirer
                    <span className="visually-hidden">
                      {' '}
                      la fermeture {c.label} du {frDate(c.from)}
                    </span>
                  </Button>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Ajouter une fermeture</h3>
      <p className="hint">Les jours réservés de la période sont annulés, les places libérées, les familles prévenues par mail ; les jours déjà facturés font l’objet d’un avoir.</p>
      {asked ? (
        <div className="panel" role="alertdialog" aria-labelledby="confirmer-fermeture" aria-describedby="consequence-fermeture">
          <h4 id="confirmer-fermeture">Confirmer la fermeture</h4>
          <p id="consequence-fermeture">{closureConsequence(asked.closure, asked.cancelled)}</p>
          <div className="actions">
            {/* eslint-disable-next-line jsx-a11y/no-autofocus -- an alertdialog takes focus as it opens (WAI-ARIA APG), on its action */}
            <Button pending={add.pending} onClick={() => void confirm()} autoFocus>
              Confirmer la fermeture
            </Button>
            <Button kind="secondary" onClick={() => setAsked(null)}>
              Ne pas fermer
            </Button>
          </div>
        </div>
      ) : null}
      <Form onSubmit={() => void ask()} error={add.error} fields={['from', 'to', 'label']} label="Ajouter une fermeture">
        <div className="grid-3">
          <Field label="Du" name="from" type="date" required value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} error={add.error} />
          <Field label="Au" name="to" type="date" required value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} error={add.error} />
          <Field label="Motif" name="label" required hint="ex. Grève" value={form.label} onChange={(e) => setForm({ ...form, label: e.target.value })} error={add.error} />
        </div>
        <div className="actions">
          <Button type="submit" pending={counting || add.pending} disabled={asked !== null}>
            Fermer ces jours
          </Button>
        </div>
      </Form>
    </section>
  );
}
