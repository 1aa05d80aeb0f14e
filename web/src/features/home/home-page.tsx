import { useQuery } from '../../api/query';
import { BillingTotalsDocument, MeDocument, MyChildrenDocument } from '../../api/generated';
import { useCommune } from '../../app/commune';
import { Link, usePageTitle } from '../../app/navigation';
import { Icon } from '../../ui/icons';
import { ErrorMessage, Loading } from '../../ui/kit';
import { BillingTotals, PayOnline } from '../billing/billing-totals';

/** Accueil: the guide's blocks, each leading to its screen. */
export function HomePage() {
  const commune = useCommune();
  usePageTitle('Accueil', commune?.name);
  const me = useQuery(MeDocument);
  const children = useQuery(MyChildrenDocument);
  const billing = useQuery(BillingTotalsDocument);
  const s = billing.data?.billingSummary;
  return (
    <>
      <h1 tabIndex={-1}>{me.data ? `Bonjour ${me.data.me.firstName} ${me.data.me.lastName}` : 'Mon espace famille'}</h1>
      {me.data && !me.data.me.emailVerified ? (
        <p className="alert alert-info">
          <Icon name="info" /> Votre adresse e-mail n’est pas encore confirmée : tant qu’elle ne l’est pas, aucune demande d’inscription ne sera prise en compte.
        </p>
      ) : null}
      <div className="blocks">
        <section className="panel" aria-labelledby="bloc-compte">
          <h2 id="bloc-compte">Informations du compte</h2>
          <ul className="link-list">
            <li>
              <Link to="/mon-compte#informations">Modifier mes informations personnelles</Link>
            </li>
            <li>
              <Link to="/mon-compte#login">Modifier mon login (adresse mail)</Link>
            </li>
            <li>
              <Link to="/mon-compte#mot-de-passe">Modifier mon mot de passe</Link>
            </li>
          </ul>
        </section>
        <section className="panel" aria-labelledby="bloc-enfants">
          <h2 id="bloc-enfants">Mes Enfants</h2>
          {children.loading && !children.data ? <Loading /> : null}
          <ErrorMessage error={children.error} />
          {children.data ? (
            children.data.myChildren.length ? (
              <ul className="link-list">
                {children.data.myChildren.map((c) => (
                  <li key={c.id}>
                    <Link to={`/enfants/${c.id}`}>
                      {c.lastName} {c.firstName}
                    </Link>{' '}
                    ({c.ageLabel})
                  </li>
                ))}
              </ul>
            ) : (
              <p>Aucun enfant pour le moment.</p>
            )
          ) : null}
          <p>
            <Link to="/enfants/nouveau" className="button button-secondary">
              Ajouter un enfant
            </Link>
          </p>
        </section>
        <section className="panel" aria-labelledby="bloc-restauration">
          <h2 id="bloc-restauration">Restauration</h2>
          <ul className="link-list">
            <li>
              <Link to="/inscriptions">Les inscriptions</Link>
            </li>
            <li>
              <Link to="/reservations">Les réservations</Link>
            </li>
          </ul>
          <p>
            <Link to="/reservations/nouvelle" className="button button-primary">
              Nouvelle réservation
            </Link>
          </p>
        </section>
        <section className="panel" aria-labelledby="bloc-factures">
          <h2 id="bloc-factures">Mes Factures & Paiements</h2>
          <ErrorMessage error={billing.error} />
          {s ? <BillingTotals s={s} /> : null}
          <p className="actions">
            <Link to="/factures" className="button button-secondary">
              Voir mes factures
            </Link>
          </p>
          {s ? <PayOnline dueCents={s.dueCents} payableCount={billing.data?.payableInvoices.length ?? 0} /> : null}
        </section>
      </div>
    </>
  );
}
