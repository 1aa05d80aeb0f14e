import { useState } from 'react';
import { ApiError, download } from '../../../api/client';
import { ExportToTreasuryDocument, TreasuryExportFieldsFragment, TreasuryExportsDocument } from '../../../api/generated';
import { useMutation, useQuery } from '../../../api/query';
import { usePageTitle } from '../../../app/navigation';
import { euros, frDate, frDateTime } from '../../../ui/format';
import { Icon } from '../../../ui/icons';
import { Button, ErrorMessage, Field, Form, Loading, Pager } from '../../../ui/kit';
import { today } from '../shared/days';

/** « Trésor Public »: export the titles (PES V2) up to a day; the exports made, with their files. */
export function TreasuryPage() {
  usePageTitle('Trésor Public');
  const [upTo, setUpTo] = useState(today());
  const [page, setPage] = useState(1);
  const [made, setMade] = useState<TreasuryExportFieldsFragment | null>(null);
  const exporting = useMutation(ExportToTreasuryDocument);
  const list = useQuery(TreasuryExportsDocument, { page });
  const data = list.data?.treasuryExports;
  const submit = async () => {
    setMade(null);
    const done = await exporting.mutate({ input: { upTo } });
    if (done) setMade(done.exportToTreasury);
  };
  return (
    <>
      <h1 tabIndex={-1}>Trésor Public</h1>
      <section className="panel" aria-labelledby="exporter">
        <h2 id="exporter">Exporter les titres (PES V2)</h2>
        <p className="hint">
          Les factures émises jusqu’à ce jour et pas encore transmises partent comme titres ; les avoirs sur des factures déjà transmises partent comme réductions de leur titre. Chaque facture n’est
          transmise qu’une fois ; l’export ne change pas l’état des factures.
        </p>
        <Form onSubmit={() => void submit()} error={exporting.error} fields={['upTo']} label="Exporter jusqu’au">
          <Field label="Exporter jusqu’au" name="upTo" type="date" required value={upTo} max={today()} onChange={(e) => setUpTo(e.target.value)} error={exporting.error} />
          <div className="actions">
            <Button type="submit" pending={exporting.pending}>
              Exporter
            </Button>
          </div>
        </Form>
        {made ? (
          <p role="status">
            Export n° {made.number} : {made.invoiceCount} facture(s), {made.creditNoteCount} avoir(s), {euros(made.amountCents)}. <FileButton row={made} />
          </p>
        ) : null}
      </section>
      {list.loading && !data ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {data ? (
        data.totalCount === 0 ? (
          <p>Aucun export pour le moment.</p>
        ) : (
          <>
            <ExportsTable rows={data.items} total={data.totalCount} />
            <Pager page={data.page} pageSize={data.pageSize} total={data.totalCount} onPage={setPage} what="exports" />
          </>
        )
      ) : null}
    </>
  );
}

function ExportsTable({ rows, total }: { rows: TreasuryExportFieldsFragment[]; total: number }) {
  return (
    <table>
      <caption>Exports au Trésor Public ({total})</caption>
      <thead>
        <tr>
          <th scope="col">N°</th>
          <th scope="col">Date</th>
          <th scope="col">Jusqu’au</th>
          <th scope="col">Factures</th>
          <th scope="col">Avoirs</th>
          <th scope="col">Montant</th>
          <th scope="col">Fichier</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => (
          <tr key={e.id}>
            <th scope="row">{e.number}</th>
            <td>{frDateTime(e.createdAt)}</td>
            <td>{frDate(e.upTo)}</td>
            <td>{e.invoiceCount}</td>
            <td>{e.creditNoteCount}</td>
            <td>{euros(e.amountCents)}</td>
            <td>
              <FileButton row={e} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The PES file, fetched with the session's token and saved under its name. */
function FileButton({ row }: { row: TreasuryExportFieldsFragment }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async () => {
    setPending(true);
    setError(null);
    try {
      await download(row.fileUrl);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <Button kind="secondary" pending={pending} onClick={() => void run()} aria-label={`Télécharger le fichier de l’export n° ${row.number} (${row.fileName})`}>
        <Icon name="download" /> XML
      </Button>
      <ErrorMessage error={error} />
    </>
  );
}
