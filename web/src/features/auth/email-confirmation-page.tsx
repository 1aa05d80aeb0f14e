import { useEffect, useState } from 'react';
import { useMutation } from '../../api/query';
import { ConfirmEmailChangeDocument } from '../../api/generated';
import { Link, usePath, usePageTitle } from '../../app/navigation';
import { ErrorMessage, Success } from '../../ui/kit';
import { useDeadLink } from './link-status';

/** « Confirmation de l’adresse e-mail » from the mail sent to the new address. */
export function EmailConfirmationPage() {
  usePageTitle('Confirmation de l’adresse e-mail');
  const { query } = usePath();
  const token = query.get('token') ?? '';
  const confirm = useMutation(ConfirmEmailChangeDocument);
  const { mutate } = confirm;
  const [email, setEmail] = useState<string | null>(null);
  const dead = useDeadLink(token, 'EMAIL_CHANGE');
  // Confirmed once, as soon as the link is known to be good (a dead one is said without trying it):
  // the page notes that it asks while it is drawn, and the request goes out after.
  const [asked, setAsked] = useState(false);
  if (token && dead === null && !asked) setAsked(true);
  useEffect(() => {
    if (asked) void mutate({ input: { token } }).then((d) => d && setEmail(d.confirmEmailChange.email));
  }, [asked, mutate, token]);
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
