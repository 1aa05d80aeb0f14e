import { useState } from 'react';
import { session } from '../../api/client';
import { useMutation } from '../../api/query';
import { ChangePasswordDocument } from '../../api/generated';
import { useGo } from '../../app/navigation';
import { Button, Field, Form } from '../../ui/kit';

/** « Modification de votre mot de passe »: every session closes, this one too. */
export function PasswordForm() {
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
