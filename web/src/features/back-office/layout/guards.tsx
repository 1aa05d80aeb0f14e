import { SessionAccount } from '../../../api/client';
import { RequireAccount } from '../../../app/guards';

export const isStaff = (account: SessionAccount | null) => account?.role === 'STAFF' || account?.role === 'ADMIN';

/** The back-office's pages: staff accounts only (a family account is sent to the staff login). */
export function RequireStaff() {
  return <RequireAccount loginPath="/agents/connexion" allowed={isStaff} />;
}

/** An administrator's screen: another staff account reads why it cannot see it. */
export function RequireAdmin() {
  return (
    <RequireAccount
      loginPath="/agents/connexion"
      allowed={isStaff}
      refusal={(account) =>
        account.role !== 'ADMIN' ? (
          <section className="panel">
            <h1 tabIndex={-1}>Accès réservé aux administrateurs</h1>
            <p>Cet écran est réservé aux comptes administrateurs de la mairie.</p>
          </section>
        ) : null
      }
    />
  );
}
