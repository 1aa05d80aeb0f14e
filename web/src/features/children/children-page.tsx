import { useQuery } from '../../api/query';
import { MyChildrenDocument } from '../../api/generated';
import { Link, usePath, usePageTitle } from '../../app/navigation';
import { frDate } from '../../ui/format';
import { ErrorMessage, Loading, StateBadge, Success } from '../../ui/kit';
import { REGISTRATION_STATES } from '../../ui/states';
import { DIETS } from './diets';

/** « Mes Enfants »: a card per child, its registrations, « Modifier ». */
export function ChildrenPage() {
  usePageTitle('Mes Enfants');
  const { query } = usePath();
  const saved = query.get('enregistre');
  const children = useQuery(MyChildrenDocument);
  return (
    <>
      <h1 tabIndex={-1}>Mes Enfants</h1>
      {saved ? <Success>Enfant enregistré : {saved}.</Success> : null}
      <p>
        <Link to="/enfants/nouveau" className="button button-primary">
          Ajouter un enfant
        </Link>
      </p>
      {children.loading && !children.data ? <Loading /> : null}
      <ErrorMessage error={children.error} />
      {children.data?.myChildren.length === 0 ? <p>Aucun enfant pour le moment : ajoutez-en un pour l’inscrire à la restauration scolaire.</p> : null}
      <ul className="cards">
        {children.data?.myChildren.map((c) => (
          <li key={c.id} className="panel">
            <h2>
              {c.lastName} {c.firstName} <span className="muted">({c.ageLabel})</span>
            </h2>
            <dl className="facts">
              <div>
                <dt>Né(e) le</dt>
                <dd>{frDate(c.birthDate)}</dd>
              </div>
              <div>
                <dt>Régime</dt>
                <dd>{DIETS[c.diet]}</dd>
              </div>
              {c.school ? (
                <div>
                  <dt>École</dt>
                  <dd>
                    {c.school}
                    {c.grade ? ` (${c.grade})` : ''}
                  </dd>
                </div>
              ) : null}
            </dl>
            {c.registrations.length ? (
              <ul className="plain">
                {c.registrations.map((r) => (
                  <li key={r.id}>
                    {r.activity.name} {r.activity.schoolYear} : <StateBadge look={REGISTRATION_STATES[r.state]} />
                  </li>
                ))}
              </ul>
            ) : null}
            <p>
              <Link to={`/enfants/${c.id}`}>
                Modifier
                <span className="visually-hidden">
                  {' '}
                  {c.firstName} {c.lastName}
                </span>
              </Link>
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
