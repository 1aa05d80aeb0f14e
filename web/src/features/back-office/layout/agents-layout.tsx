import { Outlet } from 'react-router';
import { CommuneProblem, useCommuneInfo } from '../../../app/commune';
import { useLogout } from '../../../app/guards';
import { Link, usePath } from '../../../app/navigation';
import { useSession } from '../../../app/session';
import { ROLE_LABELS } from '../../../ui/format';
import { MenuList } from '../../../ui/menu';
import { useScrollableTablesFocusable } from '../../../ui/scroll-tables';
import { isStaff } from './guards';

const MENU: Array<{ to: string; label: string; adminOnly?: boolean }> = [
  { to: '/agents', label: 'Tableau de bord' },
  { to: '/agents/familles', label: 'Familles' },
  { to: '/agents/inscriptions', label: 'Inscriptions à traiter' },
  { to: '/agents/reservations', label: 'Réservations à traiter' },
  { to: '/agents/activites', label: 'Activités' },
  { to: '/agents/effectifs', label: 'Effectifs' },
  { to: '/agents/facturation', label: 'Facturation' },
  { to: '/agents/paiements', label: 'Paiements' },
  { to: '/agents/tresor-public', label: 'Trésor Public' },
  { to: '/agents/prelevements', label: 'Prélèvements' },
  { to: '/agents/agents', label: 'Agents', adminOnly: true },
  { to: '/agents/regie', label: 'Régie', adminOnly: true },
];

/** The town's back-office frame: same session, same design and accessibility rules as the family portal. */
export function AgentsLayout() {
  const { path } = usePath();
  const { commune, problem } = useCommuneInfo();
  const { account } = useSession();
  const logout = useLogout('/agents/connexion');
  useScrollableTablesFocusable();
  const staff = isStaff(account);
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
            <MenuList items={MENU.filter((m) => !m.adminOnly || account?.role === 'ADMIN')} path={path} home="/agents" onLogout={() => void logout()} />
          </nav>
        ) : null}
      </header>
      <main id="contenu" tabIndex={-1} className="wide">
        {problem ? <CommuneProblem problem={problem} /> : <Outlet />}
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
