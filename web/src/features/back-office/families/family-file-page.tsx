import { useEffect, useState } from 'react';
import { useMutation, useQuery } from '../../api/query';
import { CreateFamilyAccountDocument, FamiliesDocument, FamilyFileDocument, FamilyFileQuery, ResendActivationDocument, SetFamilyQuotientDocument } from '../../api/generated';
import { Link, useGo, usePath, usePageTitle } from '../../app/navigation';
import { euros, frDate, frDateTime } from '../../ui/format';
import { Button, ErrorMessage, Field, Form, Loading, Pager, StateBadge, Success } from '../../ui/kit';
import { REGISTRATION_STATES, RESERVATION_STATES } from '../../ui/states';
import { CreditNotesTable, InvoicesTable, PaymentsTable } from './tables';
import { RecordPayment } from './record-payment';
import { ExcuseAbsence } from './excuse-absence';
import { DIET_LABELS, NUMBER_REQUIRED, today, wholeNumber } from './common';

export function FamiliesPage() {
  usePageTitle('Familles');
  const { query } = usePath();
  const [term, setTerm] = useState(query.get('q') ?? '');
  const [search, setSearch] = useState(query.get('q') ?? '');
  const [page, setPage] = useState(1);
  const families = useQuery(FamiliesDocument, { search: search || null, page });
  const data = families.data?.families;
  return (
    <>
      <h1 tabIndex={-1}>Familles</h1>
      <p>
        <Link to="/agents/familles/nouvelle" className="button button-primary">
          Créer un compte famille
        </Link>
      </p>
      <form
        role="search"
        aria-label="Rechercher une famille"
        className="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          setPage(1);
          setSearch(term.trim());
          history.replaceState(null, '', term.trim() ? `/agents/familles?q=${encodeURIComponent(term.trim())}` : '/agents/familles');
        }}
      >
        <Field
          label="Nom, identifiant ou adresse e-mail"
          name="search"
          hint="Les accents et les majuscules ne comptent pas : « Chloe » trouve « Chloé »."
          value={term}
          onChange={(e) => setTerm(e.target.value)}
        />
        <Button type="submit">Rechercher</Button>
      </form>
      <ErrorMessage error={families.error} />
      {families.loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <table>
            <caption>{search ? `Familles trouvées pour « ${search} »` : 'Toutes les familles'}</caption>
            <thead>
              <tr>
                <th scope="col">Famille</th>
                <th scope="col">Comptes</th>
                <th scope="col">Enfants</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((f) => (
                <tr key={f.id}>
                  <th scope="row">
                    <Link to={`/agents/familles/${f.id}`}>{f.name}</Link>
                  </th>
                  <td>
                    {f.accounts.map((a) => (
                      <div key={a.id}>
                        {a.login} — {a.email}
                        {a.emailVerified ? '' : ' (compte non activé)'}
                      </div>
                    ))}
                  </td>
                  <td>{f.children.map((c) => `${c.firstName} ${c.lastName}`).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={data.page} pageSize={data.pageSize} total={data.totalCount} onPage={setPage} what="familles" />
        </>
      ) : null}
    </>
  );
}

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

export type FileData = FamilyFileQuery;

export function FamilyFilePage({ id }: { id: string }) {
  usePageTitle('Fiche famille');
  const [pages, setPages] = useState({ reservationPage: 1, invoicePage: 1, paymentPage: 1 });
  const file = useQuery(FamilyFileDocument, { id, ...pages });
  // Turning a page keeps the file on screen (the previous answer) until the new page comes.
  const [shown, setShown] = useState<FileData | null>(null);
  useEffect(() => {
    if (file.data) setShown(file.data);
  }, [file.data]);
  const d = file.data ?? shown;
  const turn = (key: keyof typeof pages) => (page: number) => setPages({ ...pages, [key]: page });
  return (
    <>
      <h1 tabIndex={-1}>{d ? `Famille ${d.family.name}` : 'Fiche famille'}</h1>
      {file.loading && !d ? <Loading /> : null}
      <ErrorMessage error={file.error} />
      {d ? (
        <>
          <Accounts data={d} />
          <Children data={d} />
          <Quotients data={d} onSaved={() => void file.reload()} />
          <Reservations data={d} onPage={turn('reservationPage')} />
          <Invoices data={d} onChanged={() => void file.reload()} onInvoicePage={turn('invoicePage')} onPaymentPage={turn('paymentPage')} />
          <RecordPayment data={d} onSaved={() => void file.reload()} />
          <ExcuseAbsence data={d} onSaved={() => void file.reload()} />
        </>
      ) : null}
    </>
  );
}

function Accounts({ data }: { data: FileData }) {
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

function Children({ data }: { data: FileData }) {
  return (
    <section className="panel" aria-labelledby="enfants">
      <h2 id="enfants">Enfants</h2>
      {data.family.children.length === 0 ? <p>Aucun enfant.</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Enfant</th>
            <th scope="col">Né(e) le</th>
            <th scope="col">Régime</th>
            <th scope="col">Allergies, PAI</th>
            <th scope="col">Inscriptions</th>
          </tr>
        </thead>
        <tbody>
          {data.family.children.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                {c.lastName} {c.firstName}
              </th>
              <td>
                {frDate(c.birthDate)} ({c.ageLabel})
              </td>
              <td>{DIET_LABELS[c.diet]}</td>
              <td>{c.allergies ?? '—'}</td>
              <td>
                {c.registrations.map((r) => (
                  <div key={r.id}>
                    {r.activity.name} {r.activity.schoolYear} : <StateBadge look={REGISTRATION_STATES[r.state]} />
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Quotients({ data, onSaved }: { data: FileData; onSaved: () => void }) {
  const [form, setForm] = useState({ quotient: '', validFrom: today(), validTo: '' });
  const [bad, setBad] = useState(false);
  const save = useMutation(SetFamilyQuotientDocument);
  const submit = async () => {
    const q = wholeNumber(form.quotient);
    setBad(q === null);
    if (q === null) return;
    if (await save.mutate({ input: { familyId: data.family.id, quotient: q, validFrom: form.validFrom, validTo: form.validTo || null } })) {
      setForm({ quotient: '', validFrom: today(), validTo: '' });
      onSaved();
    }
  };
  return (
    <section className="panel" aria-labelledby="quotient">
      <h2 id="quotient">Quotient familial</h2>
      {data.family.quotients.length === 0 ? <p>Aucun quotient : le prix unique de l’activité s’applique.</p> : null}
      <ul className="plain">
        {data.family.quotients.map((q) => (
          <li key={q.validFrom}>
            {q.quotient} — du {frDate(q.validFrom)} {q.validTo ? `au ${frDate(q.validTo)}` : '(sans date de fin)'}
          </li>
        ))}
      </ul>
      <Form onSubmit={submit} error={save.error} fields={['quotient', 'validFrom', 'validTo']} label="Enregistrer un quotient familial">
        <div className="grid-3">
          <Field
            label="Quotient"
            name="quotient"
            inputMode="numeric"
            required
            value={form.quotient}
            onChange={(e) => setForm({ ...form, quotient: e.target.value })}
            error={save.error}
            message={bad ? NUMBER_REQUIRED : null}
          />
          <Field label="Valable du" name="validFrom" type="date" required value={form.validFrom} onChange={(e) => setForm({ ...form, validFrom: e.target.value })} error={save.error} />
          <Field label="Jusqu’au (facultatif)" name="validTo" type="date" value={form.validTo} onChange={(e) => setForm({ ...form, validTo: e.target.value })} error={save.error} />
        </div>
        <div className="actions">
          <Button type="submit" pending={save.pending}>
            Enregistrer le quotient
          </Button>
        </div>
      </Form>
    </section>
  );
}

function Reservations({ data, onPage }: { data: FileData; onPage: (page: number) => void }) {
  return (
    <section className="panel" aria-labelledby="reservations">
      <h2 id="reservations">Réservations ({data.reservations.totalCount})</h2>
      {data.reservations.totalCount === 0 ? <p>Aucune réservation.</p> : null}
      <table hidden={data.reservations.totalCount === 0}>
        <thead>
          <tr>
            <th scope="col">N°</th>
            <th scope="col">Enfant</th>
            <th scope="col">Période</th>
            <th scope="col">Créée le</th>
            <th scope="col">Etat</th>
          </tr>
        </thead>
        <tbody>
          {data.reservations.items.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link to={`/agents/reservations/${r.id}`}>{r.number}</Link>
              </th>
              <td>
                {r.child.lastName} {r.child.firstName}
              </td>
              <td>
                {r.activity.name} — {r.periodLabel}
              </td>
              <td>{frDateTime(r.createdAt)}</td>
              <td>
                <StateBadge look={RESERVATION_STATES[r.state]} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={data.reservations.page} pageSize={data.reservations.pageSize} total={data.reservations.totalCount} onPage={onPage} what="réservations de la famille" />
    </section>
  );
}

function Invoices({ data, onChanged, onInvoicePage, onPaymentPage }: { data: FileData; onChanged: () => void; onInvoicePage: (page: number) => void; onPaymentPage: (page: number) => void }) {
  return (
    <section className="panel" aria-labelledby="factures">
      <h2 id="factures">Factures, avoirs et paiements</h2>
      <p>Crédit de la famille : {euros(data.family.creditBalanceCents)}</p>
      <InvoicesTable invoices={data.invoices.items} total={data.invoices.totalCount} showFamily={false} onChanged={onChanged} />
      <Pager page={data.invoices.page} pageSize={data.invoices.pageSize} total={data.invoices.totalCount} onPage={onInvoicePage} what="factures de la famille" />
      <CreditNotesTable notes={data.creditNotes.items} total={data.creditNotes.totalCount} showFamily={false} />
      <PaymentsTable payments={data.payments.items} showFamily={false} caption={`Paiements (${data.payments.totalCount})`} />
      <Pager page={data.payments.page} pageSize={data.payments.pageSize} total={data.payments.totalCount} onPage={onPaymentPage} what="paiements de la famille" />
    </section>
  );
}
