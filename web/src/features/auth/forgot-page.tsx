import { useState } from 'react';
import { useMutation } from '../../api/query';
import { RequestPasswordResetDocument } from '../../api/generated';
import { Link, usePageTitle } from '../../app/navigation';
import { Button, Field, Form, Success } from '../../ui/kit';

/** « Identifiant ou mot de passe oublié »: a mail with the login and a link, said the same whether or not an account matches. */
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
