import { RunFieldsFragment } from '../../../api/generated';
import { Link } from '../../../app/navigation';
import { frDateTime, monthLabel } from '../../../ui/format';

const RUN_STATES: Record<RunFieldsFragment['state'], string> = { QUEUED: 'en file d’attente', RUNNING: 'en cours', DONE: 'terminée', FAILED: 'en échec' };

/** A run's progress, followed until it ends. */
export function RunProgress({ run }: { run: RunFieldsFragment }) {
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
