import { useState } from 'react';
import { session } from '../../api/client';
import { useMutation } from '../../api/query';
import { LoginDocument } from '../../api/generated';
import { Link, useGo, usePath, usePageTitle } from '../../app/navigation';
import { Button, ErrorMessage, Field, Form, Success } from '../../ui/kit';
import { sameSitePath } from '../../ui/same-site-path';

/** Where to go after logging in: the page asked for, if it is one of ours (same origin), else `fallback`. */
export function afterLogin(query: URLSearchParams, fallback = '/'): string {
  return sameSitePath(query.get('retour'), location.origin) ?? fallback;
}

/** Said on the login page when the server could not be told of a logout. */
export function LogoutNotice({ query }: { query: URLSearchParams }) {
  return query.get('deconnexion') === 'incomplete' ? (
    <ErrorMessage error="La déconnexion n’a pas pu être confirmée par le serveur (connexion perdue ?) : fermez votre navigateur, ou reconnectez-vous puis déconnectez-vous à nouveau." />
  ) : null;
}

/**
 * A login form's state (family portal and back-office): its two fields, and `signIn`, which opens
 * the session and answers the account (null when refused: the error is in `login.error`).
 */
export function useLoginForm() {
  const [identifier, setIdentifier] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation(LoginDocument);
  const signIn = async (options: { remember?: boolean } = {}) => {
    const done = await login.mutate({ input: { identifier: identifier.trim(), password } }, options);
    if (!done) return null;
    session.open(done.login, done.login.account);
    return done.login.account;
  };
  const fields = (
    <>
      <Field label="Identifiant ou adresse e-mail" name="identifier" autoComplete="username" required value={identifier} onChange={(e) => setIdentifier(e.target.value)} />
      <Field label="Mot de passe" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
    </>
  );
  return { fields, login, signIn };
}

export function LoginPage() {
  const navigate = useGo();
  usePageTitle('Connexion');
  const { query } = usePath();
  const [remember, setRemember] = useState(false);
  const { fields, login, signIn } = useLoginForm();
  const submit = async () => {
    if (await signIn({ remember })) navigate(afterLogin(query), true);
  };
  return (
    <section className="panel narrow">
      <h1 tabIndex={-1}>Connexion</h1>
      {query.get('mot-de-passe') === 'modifie' ? (
        <Success>Mot de passe modifié avec succès. Par sécurité, vos sessions ont été fermées : reconnectez-vous avec votre nouveau mot de passe.</Success>
      ) : null}
      <LogoutNotice query={query} />
      <p>Accédez à votre espace famille avec votre identifiant ou votre adresse e-mail.</p>
      <Form onSubmit={submit} error={login.error} label="Connexion">
        {fields}
        <label className="choice">
          <input type="checkbox" checked={remember} onChange={() => setRemember(!remember)} />
          <span>Rester connecté sur cet appareil (30 jours) — à éviter sur un ordinateur partagé</span>
        </label>
        <div className="actions">
          <Button type="submit" pending={login.pending}>
            Se connecter
          </Button>
        </div>
      </Form>
      <p>
        <Link to="/mot-de-passe-oublie">Identifiant ou Mot de passe oublié ?</Link>
      </p>
      <p className="hint">Première connexion ? Ouvrez le lien « Activer mon compte » du mail que la mairie vous a envoyé.</p>
    </section>
  );
}
