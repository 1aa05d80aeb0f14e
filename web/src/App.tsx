import { createContext, useContext, useEffect, useRef, useState } from 'react';
import { logoutEverywhere, SessionAccount } from './api/client';
import { withCommune } from './api/commune';
import { CommuneProblem, MenuList, Route, useCommuneInfo, useRoutedPage } from './ui/shell';
import type { CommuneQuery } from './api/generated';
import { Link, navigate, useLocation } from './router';
import { Icon } from './ui/icons';
import { LoginPage, ForgotPage, ResetPage, ActivationPage, EmailConfirmationPage } from './pages/auth';
import { HomePage } from './pages/home';
import { AccountPage } from './pages/account';
import { ChildrenPage, ChildFormPage } from './pages/children';
import { RegistrationsPage, NewRegistrationPage } from './pages/registrations';
import { ReservationsPage, ReservationPage } from './pages/reservations';
import { NewReservationPage } from './pages/new-reservation';
import { BillingPage, InvoicePage } from './pages/billing';
import { PayPage, PaymentReturnPage } from './pages/payment';

type Commune = CommuneQuery['commune'];

const CommuneContext = createContext<Commune | null>(null);
/** The town (for titles and the footer). */
export const useCommune = () => useContext(CommuneContext);

const ROUTES: Route[] = [
  { path: '/connexion', page: () => <LoginPage />, open: true },
  { path: '/mot-de-passe-oublie', page: () => <ForgotPage />, open: true },
  { path: '/reinitialisation', page: () => <ResetPage />, open: true },
  { path: '/activation', page: () => <ActivationPage />, open: true },
  { path: '/confirmation-email', page: () => <EmailConfirmationPage />, open: true },
  { path: '/', page: () => <HomePage /> },
  { path: '/mon-compte', page: () => <AccountPage /> },
  { path: '/enfants', page: () => <ChildrenPage /> },
  { path: '/enfants/nouveau', page: () => <ChildFormPage /> },
  { path: '/enfants/:id', page: (p) => <ChildFormPage id={p.id} /> },
  { path: '/inscriptions', page: () => <RegistrationsPage /> },
  { path: '/inscriptions/nouvelle', page: () => <NewRegistrationPage /> },
  { path: '/reservations', page: () => <ReservationsPage /> },
  { path: '/reservations/nouvelle', page: () => <NewReservationPage /> },
  { path: '/reservations/:id', page: (p) => <ReservationPage id={p.id} /> },
  { path: '/factures', page: () => <BillingPage /> },
  { path: '/factures/payer', page: () => <PayPage /> },
  { path: '/factures/paiement', page: () => <PaymentReturnPage /> },
  { path: '/factures/:id', page: (p) => <InvoicePage id={p.id} /> },
];

const MENU = [
  { to: '/', label: 'Accueil' },
  { to: '/enfants', label: 'Mes Enfants' },
  { to: '/inscriptions', label: 'Les inscriptions' },
  { to: '/reservations', label: 'Les réservations' },
  { to: '/factures', label: 'Mes Factures & Paiements' },
  { to: '/mon-compte', label: 'Mon compte' },
];

export async function logout(): Promise<void> {
  const ok = await logoutEverywhere();
  navigate(ok ? '/connexion' : '/connexion?deconnexion=incomplete');
}

function Header({ account, commune }: { account: SessionAccount | null; commune: Commune | null }) {
  const { path } = useLocation();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  useEffect(() => setOpen(false), [path]);
  // Escape closes the open menu and gives focus back to its button (as a disclosure does).
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      toggle.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  const family = account?.role === 'FAMILY';
  return (
    <header className="site-header">
      <div className="header-bar">
        <Link to="/" className="brand">
          <span className="brand-name">Portail Famille</span>
          <span className="brand-town">{commune?.name ?? ''}</span>
        </Link>
        {family ? (
          <button type="button" className="menu-toggle" ref={toggle} aria-expanded={open} aria-controls="menu-principal" onClick={() => setOpen(!open)}>
            Menu
          </button>
        ) : null}
      </div>
      {family ? (
        <nav aria-label="Menu principal" id="menu-principal" className={open ? 'menu menu-open' : 'menu'}>
          <MenuList items={MENU} path={path} home="/" onLogout={() => void logout()} />
        </nav>
      ) : null}
    </header>
  );
}

function Footer({ commune }: { commune: Commune | null }) {
  if (!commune) return <footer className="site-footer" />;
  const contact = commune.email ? `mailto:${commune.email}` : `tel:${commune.phone.replace(/[^\d+]/g, '')}`;
  return (
    <footer className="site-footer">
      <address>
        <strong>{commune.name}</strong>
        <br />
        {commune.address}
        <br />
        {commune.postalCode} {commune.city}
        <br />
        Tél : <a href={`tel:${commune.phone.replace(/[^\d+]/g, '')}`}>{commune.phone}</a>
        <br />
        <a href={contact}>
          <Icon name="info" /> Contactez-nous
        </a>
      </address>
    </footer>
  );
}

/** A staff account on the family portal: told where to go. */
function StaffRefused() {
  return (
    <section className="panel">
      <h1 tabIndex={-1}>Espace réservé aux familles</h1>
      <p>Ce compte est un compte du personnel de la mairie : le portail famille est réservé aux familles.</p>
      <p>
        <a href={withCommune('/agents')}>Aller à l’espace agents</a>
      </p>
      <button type="button" className="button button-secondary" onClick={() => void logout()}>
        Déconnexion
      </button>
    </section>
  );
}

export function App() {
  const { path } = useLocation();
  const { commune, problem } = useCommuneInfo();
  const { account, content } = useRoutedPage(ROUTES, {
    path,
    loginPath: '/connexion',
    signedIn: (a) => a !== null,
    refusal: (_route, a) => (a?.role !== 'FAMILY' ? <StaffRefused /> : null),
    notFound: (
      <section className="panel">
        <h1 tabIndex={-1}>Page introuvable</h1>
        <p>
          Cette adresse ne correspond à aucune page du portail. <Link to="/">Revenir à l’accueil</Link>
        </p>
      </section>
    ),
  });

  return (
    <CommuneContext.Provider value={commune}>
      <a className="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <Header account={account} commune={commune} />
      <main id="contenu" tabIndex={-1}>
        {problem ? <CommuneProblem problem={problem} /> : content}
      </main>
      <Footer commune={commune} />
    </CommuneContext.Provider>
  );
}
