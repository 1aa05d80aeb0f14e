import { Link } from '../../../app/navigation';

export function AgentsNotFound() {
  return (
    <section className="panel">
      <h1 tabIndex={-1}>Page introuvable</h1>
      <p>
        <Link to="/agents">Revenir au tableau de bord</Link>
      </p>
    </section>
  );
}
