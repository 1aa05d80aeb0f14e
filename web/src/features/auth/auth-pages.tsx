import { useEffect, useState } from 'react';
import { session } from '../../api/client';
import { withCommune } from '../../api/commune';
import { useMutation } from '../../api/query';
import { ActivateAccountDocument, ConfirmEmailChangeDocument, LoginDocument, RequestPasswordResetDocument, ResetPasswordDocument } from '../../api/generated';
import { Link, useGo, usePath, usePageTitle } from '../../app/navigation';
import { Button, ErrorMessage, Field, Form, Success } from '../../ui/kit';
import { sameSitePath } from '../../ui/same-site-path';
import { useDeadLink } from './link-status';

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

export function ForgotPage() {
  usePageTitle('Identifiant ou mot de passe oublié');
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const ask = useMutation(RequestPasswordResetDocument);
  const submit = async () => {
    if (await ask.mutate({ input: { email: email.trim() } })) setSent(true);
  };
  return (
    <section className="panel narrow">
      <h1 tabIndex={-1}>Identifiant ou mot de passe oublié</h1>
      {sent ? (
        <>
          <Success>Si un compte correspond à l’adresse {email.trim()}, un mail vient de lui être envoyé avec votre identifiant et un lien pour choisir un nouveau mot de passe.</Success>
          <p>
            <Link to="/connexion">Retour à la connexion</Link>
          </p>
        </>
      ) : (
        <Form onSubmit={submit} error={ask.error} fields={['email']} label="Mot de passe oublié">
          <p>Entrez votre adresse e-mail ci-dessous et cliquez sur Valider.</p>
          <Field label="Adresse e-mail" name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={ask.error} />
          <div className="actions">
            <Link to="/connexion" className="button button-secondary">
              Retour
            </Link>
            <Button type="submit" pending={ask.pending}>
              Valider
            </Button>
          </div>
        </Form>
      )}
    </section>
  );
}

/** A new password typed twice; the two are compared before anything is sent. */
function NewPassword({
  password,
  confirmation,
  setPassword,
  setConfirmation,
  error,
  mismatch,
  label = 'Nouveau mot de passe',
  field = 'newPassword',
}: {
  password: string;
  confirmation: string;
  setPassword: (v: string) => void;
  setConfirmation: (v: string) => void;
  error: ReturnType<typeof useMutation>['error'];
  mismatch: boolean;
  label?: string;
  field?: string;
}) {
  return (
    <>
      <Field
        label={label}
        name={field}
        type="password"
        autoComplete="new-password"
        required
        hint="10 caractères au moins ; évitez un mot de passe courant ou déjà utilisé ailleurs."
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={error}
      />
      <Field
        label="Ressaisissez le mot de passe"
        name="confirmation"
        type="password"
        autoComplete="new-password"
        required
        value={confirmation}
        onChange={(e) => setConfirmation(e.target.value)}
        message={mismatch ? 'Les deux saisies ne sont pas identiques.' : null}
      />
    </>
  );
}

export function ResetPage() {
  usePageTitle('Nouveau mot de passe');
  const { query } = usePath();
  const token = query.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const reset = useMutation(ResetPasswordDocument);
  const dead = useDeadLink(token, 'PASSWORD_RESET');
  const submit = async () => {
    setMismatch(password !== confirmation);
    if (password !== confirmation) return;
    if (await reset.mutate({ input: { token, newPassword: password } })) setDone(true);
  };
  return (
    <section className="panel narrow">
      <h1 tabIndex={-1}>Choisir un nouveau mot de passe</h1>
      {!token ? <ErrorMessage error="Ce lien est incomplet : ouvrez le lien reçu par mail, ou demandez-en un nouveau." /> : null}
      {dead && !done ? (
        dead
      ) : done ? (
        <>
          <Success>Mot de passe modifié avec succès.</Success>
          <p>
            <Link to="/connexion">Se connecter</Link>
          </p>
        </>
      ) : (
        <Form onSubmit={submit} error={reset.error} fields={['newPassword']} label="Choisir un nouveau mot de passe">
          <NewPassword password={password} confirmation={confirmation} setPassword={setPassword} setConfirmation={setConfirmation} error={reset.error} mismatch={mismatch} />
          <div className="actions">
            <Button type="submit" pending={reset.pending} disabled={!token}>
              Valider
            </Button>
          </div>
          {reset.error ? (
            <p>
              <Link to="/mot-de-passe-oublie">Demander un nouveau lien</Link>
            </p>
          ) : null}
        </Form>
      )}
    </section>
  );
}

/**
 * « Activer mon compte » from the activation mail. A staff account's mail links to the back-office's
 * own page (`/agents/activation`, `staff`): the staff wording, never the families' text.
 */
export function ActivationPage({ staff = false }: { staff?: boolean }) {
  const navigate = useGo();
  const title = staff ? 'Activer mon compte agent' : 'Activer mon compte';
  usePageTitle(title);
  const { query } = usePath();
  const token = query.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const activate = useMutation(ActivateAccountDocument);
  const dead = useDeadLink(token, 'ACTIVATION');
  const submit = async () => {
    setMismatch(password !== confirmation);
    if (password !== confirmation) return;
    const done = await activate.mutate({ input: { token, password } });
    if (!done) return;
    session.open(done.activateAccount, done.activateAccount.account);
    // A town agent's account (created by an administrator) opens on the back-office, another app.
    if (done.activateAccount.account.role !== 'FAMILY') location.assign(withCommune('/agents'));
    else navigate('/', true);
  };
  return (
    <section className="panel narrow">
      <h1 tabIndex={-1}>{title}</h1>
      {dead ?? (
        <>
          {staff ? (
            <p>Bienvenue ! Choisissez le mot de passe de votre compte agent : votre adresse e-mail sera confirmée en même temps, puis le back-office de la mairie s’ouvrira.</p>
          ) : (
            <p>Bienvenue ! Choisissez votre mot de passe : votre adresse e-mail sera confirmée en même temps.</p>
          )}
          {!token ? <ErrorMessage error={`Ce lien est incomplet : ouvrez le lien « ${title} » reçu par mail.`} /> : null}
          <Form onSubmit={submit} error={activate.error} fields={['password']} label={title}>
            <NewPassword
              label="Mot de passe"
              field="password"
              password={password}
              confirmation={confirmation}
              setPassword={setPassword}
              setConfirmation={setConfirmation}
              error={activate.error}
              mismatch={mismatch}
            />
            <div className="actions">
              <Button type="submit" pending={activate.pending} disabled={!token}>
                {title}
              </Button>
            </div>
          </Form>
        </>
      )}
    </section>
  );
}

export function EmailConfirmationPage() {
  usePageTitle('Confirmation de l’adresse e-mail');
  const { query } = usePath();
  const token = query.get('token') ?? '';
  const confirm = useMutation(ConfirmEmailChangeDocument);
  const [email, setEmail] = useState<string | null>(null);
  const dead = useDeadLink(token, 'EMAIL_CHANGE');
  const [asked, setAsked] = useState(false);
  // Confirmed once the link is known to be good (a dead one is said without trying it).
  const good = !!token && dead === null;
  useEffect(() => {
    if (!good || asked) return;
    setAsked(true);
    void confirm.mutate({ input: { token } }).then((d) => d && setEmail(d.confirmEmailChange.email));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `confirm` (the mutation's handle, a new object at each render) is left out: the link is confirmed once
  }, [good, asked, token]);
  return (
    <section className="panel narrow">
      <h1 tabIndex={-1}>Confirmation de l’adresse e-mail</h1>
      {!token ? <ErrorMessage error="Ce lien est incomplet : ouvrez le lien reçu par mail." /> : null}
      {!asked ? dead : null}
      {confirm.pending ? <p role="status">Confirmation en cours…</p> : null}
      <ErrorMessage error={confirm.error} />
      {email ? <Success>Votre adresse e-mail est maintenant {email}. Elle sert aussi d’identifiant de connexion.</Success> : null}
      <p>
        <Link to="/">Aller à mon espace</Link>
      </p>
    </section>
  );
}
