import { useEffect, useRef, useState } from 'react';
import { Outlet } from 'react-router';
import { SessionAccount } from '../../api/client';
import { withCommune } from '../../api/commune';
import { Commune, CommuneProblem, useCommuneInfo } from '../../app/commune';
import { useLogout } from '../../app/guards';
import { Link, usePath } from '../../app/navigation';
import { useSession } from '../../app/session';
import { Icon } from '../../ui/icons';
import { MenuList } from '../../ui/menu';

const MENU = [
  { to: '/', label: 'Accueil' },
  { to: '/enfants', label: 'Mes Enfants' },
  { to: '/inscriptions', label: 'Les inscriptions' },
  { to: '/reservations', label: 'Les réservations' },
  { to: '/factures', label: 'Mes Factures & Paiements' },
  { to: '/mon-compte', label: 'Mon compte' },
];

function Header({ account, commune }: { account: SessionAccount | null; commune: Commune | null }) {
  const { path } = usePath();
  const logout = useLogout('/connexion');
  // The menu is open on the page where it was opened: a navigation closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === path;
  const setOpen = (value: boolean) => setOpenOn(value ? path : null);
  const toggle = useRef<HTMLButtonElement>(null);
  // Escape closes the open menu and gives focus back to its button (as a disclosure does).
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpenOn(null);
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
export function StaffRefused() {
  const logout = useLogout('/connexion');
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

/** The family portal's frame: header and menu, the page, the town's footer. */
export function FamilyLayout() {
  const { commune, problem } = useCommuneInfo();
  const { account } = useSession();
  return (
    <>
      <a className="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <Header account={account} commune={commune} />
      <main id="contenu" tabIndex={-1}>
        {problem ? <CommuneProblem problem={problem} /> : <Outlet />}
      </main>
      <Footer commune={commune} />
    </>
  );
}

/** An address of no page. */
export function NotFound() {
  return (
    <section className="panel">
      <h1 tabIndex={-1}>Page introuvable</h1>
      <p>
        Cette adresse ne correspond à aucune page du portail. <Link to="/">Revenir à l’accueil</Link>
      </p>
    </section>
  );
}
