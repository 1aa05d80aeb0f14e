import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from '../../api/query';
import { BillingRunProgressDocument, MonthBillingDocument, RunBillingDocument, RunFieldsFragment } from '../../api/generated';
import { request } from '../../api/client';
import { Link, usePageTitle } from '../../app/navigation';
import { frDateTime, monthLabel } from '../../ui/format';
import { Button, ErrorMessage, Field, Form, Loading, Pager } from '../../ui/kit';
import { CreditNotesTable, InvoicesTable } from './tables';
import { previousMonth } from './common';

const RUN_STATES: Record<RunFieldsFragment['state'], string> = { QUEUED: 'en file d’attente', RUNNING: 'en cours', DONE: 'terminée', FAILED: 'en échec' };

/** A run's progress, followed until it ends. */
function RunProgress({ run }: { run: RunFieldsFragment }) {
  const pct = run.familiesTotal ? Math.round((run.familiesProcessed / run.familiesTotal) * 100) : run.state === 'DONE' ? 100 : 0;
  return (
    <div className="run" aria-labelledby={`run-${run.id}`}>
      <p id={`run-${run.id}`} role="status">
        Facturation de {monthLabel(run.month)} : {RUN_STATES[run.state]} — {run.familiesProcessed} famille{run.familiesProcessed > 1 ? 's' : ''} sur {run.familiesTotal}, {run.invoicesCreated} facture
        {run.invoicesCreated > 1 ? 's' : ''} créée{run.invoicesCreated > 1 ? 's' : ''}
        {run.finishedAt ? ` (le ${frDateTime(run.finishedAt)})` : ''}.
      </p>
      <progress max={100} value={pct} aria-label={`Avancement de la facturation de ${monthLabel(run.month)}`}>
        {pct} %
      </progress>
      {run.failures.length ? (
        <div className="alert alert-error">
          <div>
            <p>Familles en échec (rien n’a été facturé pour elles ; relancez le mois une fois corrigé) :</p>
            <ul>
              {run.failures.map((f) => (
                <li key={f.familyId}>
                  <Link to={`/agents/familles/${f.familyId}`}>{f.familyName}</Link> : {f.message}
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
    </div>
  );
}

export function BillingPage() {
  usePageTitle('Facturation');
  const [month, setMonth] = useState(previousMonth());
  const [shownMonth, setShownMonth] = useState(previousMonth());
  const [page, setPage] = useState(1);
  const data = useQuery(MonthBillingDocument, { month: shownMonth, page });
  const run = useMutation(RunBillingDocument);
  const [current, setCurrent] = useState<RunFieldsFragment | null>(null);
  const [misses, setMisses] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Polls the run until it is done or failed, then shows the month's invoices. A failed poll is
  // tried again, later and later; after ten in a row the page says so and offers to look again.
  useEffect(() => {
    if (!current || current.state === 'DONE' || current.state === 'FAILED') {
      if (current) void data.reload();
      return;
    }
    if (misses >= 10) return;
    timer.current = setTimeout(
      () => {
        request(BillingRunProgressDocument, { id: current.id })
          .then((d) => {
            setMisses(0);
            setCurrent(d.billingRun);
          })
          .catch(() => setMisses((m) => m + 1));
      },
      600 * (1 + misses),
    );
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `data` (the query's handle, a new object at each render) is left out: the poll follows the run only
  }, [current, misses]);

  const start = async () => {
    // A month not over yet bills its booked days now, and they can no longer be changed: asked first.
    const thisMonth = new Date().toISOString().slice(0, 7);
    if (
      month >= thisMonth &&
      !window.confirm(`Le mois ${monthLabel(month)} n’est pas terminé : ses jours réservés seront facturés dès maintenant et les familles ne pourront plus les modifier. Facturer quand même ?`)
    )
      return;
    const done = await run.mutate({ input: { month } });
    if (done) {
      setCurrent(done.runBilling);
      setShownMonth(month);
      setPage(1);
    }
  };
  const d = data.data;
  return (
    <>
      <h1 tabIndex={-1}>Facturation</h1>
      <section className="panel" aria-labelledby="lancer">
        <h2 id="lancer">Facturer un mois</h2>
        <p className="hint">Chaque famille ayant des jours réservés et non facturés reçoit une facture. Relancer un mois ne crée rien deux fois : seuls les jours réservés depuis sont facturés.</p>
        <Form onSubmit={start} error={run.error} fields={['month']} label="Facturer un mois">
          <Field label="Mois (AAAA-MM)" name="month" type="month" required value={month} onChange={(e) => setMonth(e.target.value)} error={run.error} />
          <div className="actions">
            <Button type="submit" pending={run.pending || (!!current && current.state !== 'DONE' && current.state !== 'FAILED' && misses < 10)}>
              Lancer la facturation
            </Button>
          </div>
        </Form>
        {current ? <RunProgress run={current} /> : null}
        {misses >= 10 ? (
          <>
            <ErrorMessage error="L’avancement de la facturation ne peut pas être lu (connexion perdue ?). La facturation continue sur le serveur." />
            <Button kind="secondary" onClick={() => setMisses(0)}>
              Vérifier à nouveau
            </Button>
          </>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="factures-du-mois">
        <h2 id="factures-du-mois">Factures et avoirs de {monthLabel(shownMonth)}</h2>
        <form
          className="search-form"
          aria-label="Choisir le mois affiché"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setPage(1);
            setShownMonth(month);
          }}
        >
          <Button type="submit" kind="secondary">
            Afficher les factures du mois choisi
          </Button>
        </form>
        {data.loading && !d ? <Loading /> : null}
        <ErrorMessage error={data.error} />
        {d ? (
          <>
            <InvoicesTable invoices={d.invoices.items} total={d.invoices.totalCount} showFamily onChanged={() => void data.reload()} />
            <Pager page={d.invoices.page} pageSize={d.invoices.pageSize} total={d.invoices.totalCount} onPage={setPage} what="factures du mois" />
            <CreditNotesTable notes={d.creditNotes.items} total={d.creditNotes.totalCount} showFamily />
            <h3>Dernières facturations</h3>
            {d.billingRuns.items.map((r) => (
              <RunProgress key={r.id} run={r} />
            ))}
          </>
        ) : null}
      </section>
    </>
  );
}
