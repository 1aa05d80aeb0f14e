import { useState } from 'react';
import { useMutation } from '../../api/query';
import { ResetPasswordDocument } from '../../api/generated';
import { Link, usePath, usePageTitle } from '../../app/navigation';
import { Button, ErrorMessage, Form, Success } from '../../ui/kit';
import { useDeadLink } from './link-status';
import { NewPassword, useNewPassword } from './new-password';

/** « Choisir un nouveau mot de passe » from the mail's link. */
export function ResetPage() {
  usePageTitle('Nouveau mot de passe');
  const { query } = usePath();
  const token = query.get('token') ?? '';
  const { password, agree, typed } = useNewPassword();
  const [done, setDone] = useState(false);
  const reset = useMutation(ResetPasswordDocument);
  const dead = useDeadLink(token, 'PASSWORD_RESET');
  const submit = async () => {
    if (!agree()) return;
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
          <NewPassword {...typed} error={reset.error} />
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
