import { useState } from 'react';
import { useMutation } from '../../../api/query';
import { ResendActivationDocument } from '../../../api/generated';
import { Button, ErrorMessage, Success } from '../../../ui/kit';
import type { FileData } from './family-file';

/** The family's accounts; « Renvoyer le mail d’activation » for one not activated yet. */
export function AccountsPanel({ data }: { data: FileData }) {
  const resend = useMutation(ResendActivationDocument);
  const [sent, setSent] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="comptes">
      <h2 id="comptes">Comptes</h2>
      <ErrorMessage error={resend.error} />
      {sent ? <Success>Mail d’activation renvoyé à {sent}.</Success> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Nom</th>
            <th scope="col">Identifiant</th>
            <th scope="col">Adresse e-mail</th>
            <th scope="col">Téléphone</th>
            <th scope="col">Etat</th>
          </tr>
        </thead>
        <tbody>
          {data.family.accounts.map((a) => (
            <tr key={a.id}>
              <th scope="row">
                {a.firstName} {a.lastName}
              </th>
              <td>{a.login}</td>
              <td>{a.email}</td>
              <td>{a.phone ?? '—'}</td>
              <td>
                {a.emailVerified ? (
                  'Activé'
                ) : (
                  <>
                    Non activé{' '}
                    <Button kind="secondary" pending={resend.pending} onClick={() => void resend.mutate({ input: { accountId: a.id } }).then((ok) => ok && setSent(a.email))}>
                      Renvoyer le mail d’activation
                    </Button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
