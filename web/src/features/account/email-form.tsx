import { useState } from 'react';
import { useMutation } from '../../api/query';
import { RequestEmailChangeDocument } from '../../api/generated';
import { Button, Field, Form, Success } from '../../ui/kit';

/** « Modifier mon login (adresse mail) »: a mail to the new address, whose link confirms it. */
export function EmailForm({ current, login }: { current: string; login: string }) {
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
