import { useEffect, useState } from 'react';
import { useQuery } from '../../../api/query';
import { MonthBillingDocument } from '../../../api/generated';
import { usePageTitle } from '../../../app/navigation';
import { monthLabel } from '../../../ui/format';
import { Button, ErrorMessage, Field, Form, Loading, Pager } from '../../../ui/kit';
import { previousMonth } from '../shared/days';
import { CreditNotesTable } from './credit-notes-table';
import { InvoicesTable } from './invoices-table';
import { RunProgress } from './run-progress';
import { isOver, useBillingRun } from './use-billing-run';

export function BillingPage() {
  usePageTitle('Facturation');
  const [month, setMonth] = useState(previousMonth());
  const [shownMonth, setShownMonth] = useState(previousMonth());
  const [page, setPage] = useState(1);
  const data = useQuery(MonthBillingDocument, { month: shownMonth, page });
  const billing = useBillingRun();

  // A run that ends has written its invoices: the month's list is asked again.
  const ended = billing.run && isOver(billing.run) ? billing.run.id : null;
  const { reload } = data;
  useEffect(() => {
    if (ended) void reload();
  }, [ended, reload]);

  const start = async () => {
    // A month not over yet bills its booked days now, and they can no longer be changed: asked first.
    const thisMonth = new Date().toISOString().slice(0, 7);
    if (
      month >= thisMonth &&
      !window.confirm(`Le mois ${monthLabel(month)} n’est pas terminé : ses jours réservés seront facturés dès maintenant et les familles ne pourront plus les modifier. Facturer quand même ?`)
    )
      return;
    if (await billing.start(month)) {
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
        <Form onSubmit={start} error={billing.error} fields={['month']} label="Facturer un mois">
          <Field label="Mois (AAAA-MM)" name="month" type="month" required value={month} onChange={(e) => setMonth(e.target.value)} error={billing.error} />
          <div className="actions">
            <Button type="submit" pending={billing.following}>
              Lancer la facturation
            </Button>
          </div>
        </Form>
        {billing.run ? <RunProgress run={billing.run} /> : null}
        {billing.lost ? (
          <>
            <ErrorMessage error="L’avancement de la facturation ne peut pas être lu (connexion perdue ?). La facturation continue sur le serveur." />
            <Button kind="secondary" onClick={() => void billing.lookAgain()}>
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
            <InvoicesTable invoices={d.invoices.items} total={d.invoices.totalCount} showFamily />
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
