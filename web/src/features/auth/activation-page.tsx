import { session } from '../../api/client';
import { withCommune } from '../../api/commune';
import { useMutation } from '../../api/query';
import { ActivateAccountDocument } from '../../api/generated';
import { useGo, usePath, usePageTitle } from '../../app/navigation';
import { Button, ErrorMessage, Form } from '../../ui/kit';
import { useDeadLink } from './link-status';
import { NewPassword, useNewPassword } from './new-password';

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
  const { password, agree, typed } = useNewPassword();
  const activate = useMutation(ActivateAccountDocument);
  const dead = useDeadLink(token, 'ACTIVATION');
  const submit = async () => {
    if (!agree()) return;
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
            <NewPassword label="Mot de passe" field="password" {...typed} error={activate.error} />
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
