import { CommuneProblem, MenuList, Route, useCommuneInfo, useRoutedPage } from '../ui/shell';
import { useScrollableTablesFocusable } from '../ui/scroll-tables';
import { logoutEverywhere } from '../api/client';
import { Link, navigate, useLocation } from '../router';
import { AgentLoginPage } from './login';
import { ActivationPage } from '../pages/auth';
import { DashboardPage } from './dashboard';
import { FamiliesPage, FamilyFilePage, NewFamilyPage } from './families';
import { RegistrationsToDecidePage, ReservationsToDecidePage, ReservationDecisionPage } from './decisions';
import { ActivitiesPage, ActivityFormPage } from './activities';
import { HeadcountPage } from './headcount';
import { BillingPage } from './billing';
import { PaymentsPage } from './payments';
import { StaffPage } from './staff';
import { ROLE_LABELS } from '../ui/format';

const ROUTES: Route[] = [
  { path: '/agents/connexion', page: () => <AgentLoginPage />, open: true },
  { path: '/agents/activation', page: () => <ActivationPage staff />, open: true },
  { path: '/agents', page: () => <DashboardPage /> },
  { path: '/agents/familles', page: () => <FamiliesPage /> },
  { path: '/agents/familles/nouvelle', page: () => <NewFamilyPage /> },
  { path: '/agents/familles/:id', page: (p) => <FamilyFilePage id={p.id} /> },
  { path: '/agents/inscriptions', page: () => <RegistrationsToDecidePage /> },
  { path: '/agents/reservations', page: () => <ReservationsToDecidePage /> },
  { path: '/agents/reservations/:id', page: (p) => <ReservationDecisionPage id={p.id} /> },
  { path: '/agents/activites', page: () => <ActivitiesPage /> },
  { path: '/agents/activites/nouvelle', page: () => <ActivityFormPage /> },
  { path: '/agents/activites/:id', page: (p) => <ActivityFormPage id={p.id} /> },
  { path: '/agents/effectifs', page: () => <HeadcountPage /> },
  { path: '/agents/facturation', page: () => <BillingPage /> },
  { path: '/agents/paiements', page: () => <PaymentsPage /> },
  { path: '/agents/agents', page: () => <StaffPage />, adminOnly: true },
];

const MENU: Array<{ to: string; label: string; adminOnly?: boolean }> = [
  { to: '/agents', label: 'Tableau de bord' },
  { to: '/agents/familles', label: 'Familles' },
  { to: '/agents/inscriptions', label: 'Inscriptions à traiter' },
  { to: '/agents/reservations', label: 'Réservations à traiter' },
  { to: '/agents/activites', label: 'Activités' },
  { to: '/agents/effectifs', label: 'Effectifs' },
  { to: '/agents/facturation', label: 'Facturation' },
  { to: '/agents/paiements', label: 'Paiements' },
  { to: '/agents/agents', label: 'Agents', adminOnly: true },
];

const isStaff = (role: string | undefined) => role === 'STAFF' || role === 'ADMIN';

export async function agentLogout(): Promise<void> {
  const ok = await logoutEverywhere();
  navigate(ok ? '/agents/connexion' : '/agents/connexion?deconnexion=incomplete');
}

/** The town's back-office: same session, same design and accessibility rules as the family portal. */
export function AgentsApp() {
  const { path } = useLocation();
  const { commune, problem } = useCommuneInfo();
  useScrollableTablesFocusable();
  const { account, content } = useRoutedPage(ROUTES, {
    path,
    loginPath: '/agents/connexion',
    signedIn: (a) => isStaff(a?.role),
    refusal: (route, a) =>
      route.adminOnly && a?.role !== 'ADMIN' ? (
        <section className="panel">
          <h1 tabIndex={-1}>Accès réservé aux administrateurs</h1>
          <p>Cet écran est réservé aux comptes administrateurs de la mairie.</p>
        </section>
      ) : null,
    notFound: (
      <section className="panel">
        <h1 tabIndex={-1}>Page introuvable</h1>
        <p>
          <Link to="/agents">Revenir au tableau de bord</Link>
        </p>
      </section>
    ),
  });
  const staff = isStaff(account?.role);

  return (
    <div className="agents">
      <a className="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <header className="site-header">
        <div className="header-bar">
          <Link to="/agents" className="brand">
            <span className="brand-name">Espace agents</span>
            <span className="brand-town">{commune?.name ?? 'Portail Famille'}</span>
          </Link>
          {staff ? (
            <span className="who">
              {account!.firstName} {account!.lastName} ({ROLE_LABELS[account!.role]})
            </span>
          ) : null}
        </div>
        {staff ? (
          <nav aria-label="Menu de l’espace agents" className="menu menu-open">
            <MenuList items={MENU.filter((m) => !m.adminOnly || account?.role === 'ADMIN')} path={path} home="/agents" onLogout={() => void agentLogout()} />
          </nav>
        ) : null}
      </header>
      <main id="contenu" tabIndex={-1} className="wide">
        {problem ? <CommuneProblem problem={problem} /> : content}
      </main>
      <footer className="site-footer">
        {commune ? (
          <address>
            <strong>{commune.name}</strong> — {commune.address}, {commune.postalCode} {commune.city} — Tél : {commune.phone}
          </address>
        ) : null}
      </footer>
    </div>
  );
}
