import { useEffect, useState } from 'react';
import { MandateSection } from './mandate-section';
import { useMutation, useQuery } from '../../api/query';
import { MeDocument, MeQuery, UpdateProfileDocument } from '../../api/generated';
import { usePageTitle } from '../../app/navigation';
import { moveFocusTo } from '../../ui/focus';
import { Button, ErrorMessage, Field, Form, Loading, Success } from '../../ui/kit';
import { EmailForm } from './email-form';
import { PasswordForm } from './password-form';

/** « Mon compte »: personal details, login e-mail, password; a section named in the address (`#mot-de-passe`) is shown focused. */
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
          <ProfileForm me={me.data.me} />
          <EmailForm current={me.data.me.email} login={me.data.me.login} />
          <PasswordForm />
          <MandateSection />
        </>
      ) : null}
    </>
  );
}

type Me = MeQuery['me'];

/** « Modifier mes informations personnelles ». */
function ProfileForm({ me }: { me: Me }) {
  const [form, setForm] = useState({ firstName: me.firstName, lastName: me.lastName, phone: me.phone ?? '', address: me.address ?? '' });
  const [saved, setSaved] = useState(false);
  const update = useMutation(UpdateProfileDocument);
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setSaved(false);
    setForm({ ...form, [k]: e.target.value });
  };
  const submit = async () => {
    const done = await update.mutate({ input: { firstName: form.firstName, lastName: form.lastName, phone: form.phone || null, address: form.address || null } });
    if (done) setSaved(true);
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
