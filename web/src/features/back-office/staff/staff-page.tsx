import { useState } from 'react';
import { useMutation, useQuery } from '../../../api/query';
import { CreateStaffAccountDocument, Role, StaffAccountsDocument } from '../../../api/generated';
import { session } from '../../../api/client';
import { usePageTitle } from '../../../app/navigation';
import { Button, ErrorMessage, Field, Form, Loading, SelectField, Success } from '../../../ui/kit';
import { RoleOptions } from './role-options';
import { StaffAccountRow } from './staff-row';

export function StaffPage() {
  usePageTitle('Agents');
  const list = useQuery(StaffAccountsDocument);
  const [form, setForm] = useState<{ firstName: string; lastName: string; email: string; role: Role }>({ firstName: '', lastName: '', email: '', role: 'STAFF' });
  const [done, setDone] = useState<string | null>(null);
  const create = useMutation(CreateStaffAccountDocument);
  const me = session.account?.id;
  const submit = async () => {
    setDone(null);
    const result = await create.mutate({ input: { ...form, email: form.email.trim() } });
    if (result) {
      setDone(`Compte ${result.createStaffAccount.login} créé : le mail d’activation a été envoyé à ${result.createStaffAccount.email}.`);
      setForm({ firstName: '', lastName: '', email: '', role: 'STAFF' });
    }
  };
  return (
    <>
      <h1 tabIndex={-1}>Agents</h1>
      <section className="panel" aria-labelledby="nouvel-agent">
        <h2 id="nouvel-agent">Créer un compte agent</h2>
        {done ? <Success>{done}</Success> : null}
        <Form onSubmit={submit} error={create.error} fields={['firstName', 'lastName', 'email', 'role']} label="Créer un compte agent">
          <div className="grid-2">
            <Field label="Prénom" name="firstName" required value={form.firstName} onChange={(e) => setForm({ ...form, firstName: e.target.value })} error={create.error} />
            <Field label="Nom" name="lastName" required value={form.lastName} onChange={(e) => setForm({ ...form, lastName: e.target.value })} error={create.error} />
            <Field label="Adresse e-mail" name="email" type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} error={create.error} />
            <SelectField label="Rôle" name="role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })} error={create.error}>
              <RoleOptions />
            </SelectField>
          </div>
          <div className="actions">
            <Button type="submit" pending={create.pending}>
              Créer le compte
            </Button>
          </div>
        </Form>
      </section>
      <section className="panel" aria-labelledby="liste-agents">
        <h2 id="liste-agents">Comptes du personnel</h2>
        {list.loading && !list.data ? <Loading /> : null}
        <ErrorMessage error={list.error} />
        {list.data ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Identifiant</th>
                <th scope="col">Adresse e-mail</th>
                <th scope="col">Rôle</th>
                <th scope="col">Etat</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.data.staffAccounts.map((a) => (
                <StaffAccountRow key={a.id} account={a} self={a.id === me} />
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </>
  );
}
