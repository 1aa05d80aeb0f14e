import { useState } from 'react';
import { useQuery } from '../../../api/query';
import { FamiliesDocument } from '../../../api/generated';
import { Link, usePath, usePageTitle } from '../../../app/navigation';
import { Button, ErrorMessage, Field, Loading, Pager } from '../../../ui/kit';

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
