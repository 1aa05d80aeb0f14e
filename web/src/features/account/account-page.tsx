import { useEffect, useState } from 'react';
import { useMutation, useQuery } from '../../api/query';
import { ChangePasswordDocument, MeDocument, MeQuery, RequestEmailChangeDocument, UpdateProfileDocument } from '../../api/generated';
import { session } from '../../api/client';
import { useGo, usePageTitle } from '../../app/navigation';
import { moveFocusTo } from '../../ui/focus';
import { Button, ErrorMessage, Field, Form, Loading, Success } from '../../ui/kit';

export function AccountPage() {
  usePageTitle('Mon compte');
  const me = useQuery(MeDocument);
  useEffect(() => {
    // « Modifier mon mot de passe » from the home page: that section's heading, focused as well as shown.
    const target = me.data && location.hash ? document.getElementById(location.hash.slice(1)) : null;
    if (moveFocusTo(target)) target!.scrollIntoView();
  }, [me.data]);
  return (
    <>
      <h1 tabIndex={-1}>Mon compte</h1>
      {me.loading && !me.data ? <Loading /> : null}
      <ErrorMessage error={me.error} />
      {me.data ? (
        <>
          <ProfileForm me={me.data.me} onSaved={() => void me.reload()} />
          <EmailForm current={me.data.me.email} login={me.data.me.login} />
          <PasswordForm />
        </>
      ) : null}
    </>
  );
}

type Me = MeQuery['me'];

function ProfileForm({ me, onSaved }: { me: Me; onSaved: () => void }) {
  const [form, setForm] = useState({ firstName: me.firstName, lastName: me.lastName, phone: me.phone ?? '', address: me.address ?? '' });
  const [saved, setSaved] = useState(false);
  const update = useMutation(UpdateProfileDocument);
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setSaved(false);
    setForm({ ...form, [k]: e.target.value });
  };
  const submit = async () => {
    const done = await update.mutate({ input: { firstName: form.firstName, lastName: form.lastName, phone: form.phone || null, address: form.address || null } });
    if (done) {
      setSaved(true);
      onSaved();
    }
  };
  const fields = ['firstName', 'lastName', 'phone', 'address'];
  return (
    <section className="panel" aria-labelledby="informations">
      <h2 id="informations">Modifier mes informations personnelles</h2>
      <Form onSubmit={submit} error={update.error} fields={fields} label="Informations personnelles">
        <div className="grid-2">
          <Field label="Prénom" name="firstName" autoComplete="given-name" required value={form.firstName} onChange={set('firstName')} error={update.error} />
          <Field label="Nom" name="lastName" autoComplete="family-name" required value={form.lastName} onChange={set('lastName')} error={update.error} />
          <Field label="Téléphone" name="phone" type="tel" autoComplete="tel" value={form.phone} onChange={set('phone')} error={update.error} />
          <Field label="Adresse" name="address" autoComplete="street-address" value={form.address} onChange={set('address')} error={update.error} />
        </div>
        {saved ? <Success>Informations enregistrées.</Success> : null}
        <div className="actions">
          <Button type="submit" pending={update.pending}>
            Enregistrer
          </Button>
        </div>
      </Form>
    </section>
  );
}

function EmailForm({ current, login }: { current: string; login: string }) {
  const [newEmail, setNewEmail] = useState('');
  const [currentPassword, setCurrentPassword] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const ask = useMutation(RequestEmailChangeDocument);
  const submit = async () => {
    if (await ask.mutate({ input: { newEmail: newEmail.trim(), currentPassword } })) {
      setSent(newEmail.trim());
      setNewEmail('');
      setCurrentPassword('');
    }
  };
  return (
    <section className="panel" aria-labelledby="login">
      <h2 id="login">Modifier mon login (adresse mail)</h2>
      <p>
        Identifiant : <strong>{login}</strong> — adresse actuelle : <strong>{current}</strong>
      </p>
      <Form onSubmit={submit} error={ask.error} fields={['newEmail', 'currentPassword']} label="Modifier mon adresse e-mail">
        <Field label="Nouvelle adresse e-mail" name="newEmail" type="email" autoComplete="email" required value={newEmail} onChange={(e) => setNewEmail(e.target.value)} error={ask.error} />
        <Field
          label="Mot de passe actuel"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.target.value)}
          error={ask.error}
        />
        {sent ? <Success>Un mail de confirmation a été envoyé à {sent} : ouvrez son lien pour valider la nouvelle adresse.</Success> : null}
        <div className="actions">
          <Button type="submit" pending={ask.pending}>
            Modifier
          </Button>
        </div>
      </Form>
    </section>
  );
}

function PasswordForm() {
  const navigate = useGo();
  const [form, setForm] = useState({ currentPassword: '', newPassword: '', newPasswordConfirmation: '' });
  const change = useMutation(ChangePasswordDocument);
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });
  const submit = async () => {
    if (await change.mutate({ input: form })) {
      // Every session was closed by the change, this one too: the login page says it was done.
      navigate('/connexion?mot-de-passe=modifie', true);
      session.close();
    }
  };
  return (
    <section className="panel" aria-labelledby="mot-de-passe">
      <h2 id="mot-de-passe">Modification de votre mot de passe</h2>
      <Form onSubmit={submit} error={change.error} fields={['currentPassword', 'newPassword', 'newPasswordConfirmation']} label="Modifier mon mot de passe">
        <Field
          label="Ancien mot de passe"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          value={form.currentPassword}
          onChange={set('currentPassword')}
          error={change.error}
        />
        <Field
          label="Nouveau mot de passe"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          hint="10 caractères au moins."
          value={form.newPassword}
          onChange={set('newPassword')}
          error={change.error}
        />
        <Field
          label="Ressaisissez votre nouveau mot de passe"
          name="newPasswordConfirmation"
          type="password"
          autoComplete="new-password"
          required
          value={form.newPasswordConfirmation}
          onChange={set('newPasswordConfirmation')}
          error={change.error}
        />
        <div className="actions">
          <Button type="submit" pending={change.pending}>
            Modifier
          </Button>
        </div>
      </Form>
    </section>
  );
}
