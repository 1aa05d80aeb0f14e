import { useState } from 'react';
import { withCommune } from '../../../api/commune';
import { useGo, usePath, usePageTitle } from '../../../app/navigation';
import { Button, ErrorMessage, Form } from '../../../ui/kit';
import { afterLogin, LogoutNotice, useLoginForm } from '../../auth/auth-pages';

export function AgentLoginPage() {
  const navigate = useGo();
  usePageTitle('Connexion — espace agents');
  const { query } = usePath();
  const [refused, setRefused] = useState(false);
  const { fields, login, signIn } = useLoginForm();
  const submit = async () => {
    setRefused(false);
    const account = await signIn();
    if (!account) return;
    // A family account does not enter: it is told where to go (its session is its own: the family
    // portal opens on it).
    if (account.role === 'FAMILY') {
      setRefused(true);
      return;
    }
    const back = afterLogin(query, '/agents');
    navigate(back.startsWith('/agents') ? back : '/agents', true);
  };
  return (
    <section className="panel narrow">
      <h1 tabIndex={-1}>Espace agents — connexion</h1>
      <LogoutNotice query={query} />
      <p>Réservé au personnel de la mairie (service des affaires scolaires, régie).</p>
      {refused ? <ErrorMessage error="Ce compte est un compte famille : l’espace agents est réservé au personnel de la mairie. Les familles se connectent sur le portail famille." /> : null}
      {refused ? (
        <p>
          <a href={withCommune('/connexion')}>Aller au portail famille</a>
        </p>
      ) : null}
      <Form onSubmit={submit} error={login.error} label="Connexion à l’espace agents">
        {fields}
        <div className="actions">
          <Button type="submit" pending={login.pending}>
            Se connecter
          </Button>
        </div>
      </Form>
    </section>
  );
}
