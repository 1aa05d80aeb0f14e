import { Link } from '../app/navigation';

/** The menu's links (the current page marked) and « Déconnexion ». */
export function MenuList({ items, path, home, onLogout }: { items: Array<{ to: string; label: string }>; path: string; home: string; onLogout: () => void }) {
  return (
    <ul>
      {items.map((item) => {
        const current = item.to === home ? path === home : path.startsWith(item.to);
        return (
          <li key={item.to}>
            <Link to={item.to} aria-current={current ? 'page' : undefined}>
              {item.label}
            </Link>
          </li>
        );
      })}
      <li>
        <button type="button" className="link-button" onClick={onLogout}>
          Déconnexion
        </button>
      </li>
    </ul>
  );
}
