import { useState } from 'react';
import { useMutation } from '../../../api/query';
import { CreateFamilyAccountDocument } from '../../../api/generated';
import { Link, useGo, usePageTitle } from '../../../app/navigation';
import { Button, Field, Form, Success } from '../../../ui/kit';

export function NewFamilyPage() {
  const navigate = useGo();
  usePageTitle('Créer un compte famille');
  const [form, setForm] = useState({ firstName: '', lastName: '', email: '', phone: '', address: '' });
  const create = useMutation(CreateFamilyAccountDocument);
  const [created, setCreated] = useState<{ login: string; familyId: string } | null>(null);
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });
  const submit = async () => {
    const done = await create.mutate({ input: { firstName: form.firstName, lastName: form.lastName, email: form.email.trim(), phone: form.phone || null, address: form.address || null } });
    if (done) setCreated({ login: done.createFamilyAccount.login, familyId: done.createFamilyAccount.family!.id });
  };
  return (
    <section className="panel">
      <h1 tabIndex={-1}>Créer un compte famille</h1>
      {created ? (
        <>
          <Success>
            Compte créé (identifiant {created.login}) : le mail « Activer mon compte » a été envoyé à {form.email.trim()}.
          </Success>
          <p className="actions">
            <Link to={`/agents/familles/${created.familyId}`} className="button button-primary">
              Voir la famille
            </Link>
          </p>
        </>
      ) : (
        <Form onSubmit={submit} error={create.error} fields={['firstName', 'lastName', 'email', 'phone', 'address', 'login']} label="Créer un compte famille">
          <div className="grid-2">
            <Field label="Prénom" name="firstName" required value={form.firstName} onChange={set('firstName')} error={create.error} />
            <Field label="Nom" name="lastName" required value={form.lastName} onChange={set('lastName')} error={create.error} />
            <Field label="Adresse e-mail" name="email" type="email" required value={form.email} onChange={set('email')} error={create.error} />
            <Field label="Téléphone" name="phone" type="tel" value={form.phone} onChange={set('phone')} error={create.error} />
          </div>
          <Field label="Adresse" name="address" value={form.address} onChange={set('address')} error={create.error} />
          <div className="actions">
            <Button kind="secondary" type="button" onClick={() => navigate('/agents/familles')}>
              Annuler
            </Button>
            <Button type="submit" pending={create.pending}>
              Créer le compte et envoyer le mail d’activation
            </Button>
          </div>
        </Form>
      )}
    </section>
  );
}
