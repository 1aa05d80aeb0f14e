import { chosenCommune, isWellFormed } from '../api/commune';
import { CommuneDocument, CommuneQuery } from '../api/generated';
import { useQuery } from '../api/query';
import { usePageTitle } from './navigation';

export type Commune = CommuneQuery['commune'];
export type CommuneProblemKind = 'unknown' | 'required';

/**
 * The town of this tab (name, address, phone), for titles and footers: the commune the tab chose
 * (`?domaine=`), else the one of the host name or the deployment's only one; null until it is known.
 * `problem` when there is none to show: the code names no commune (`unknown`), or the deployment
 * serves several and nothing chose one (`required`). Asked once per tab (the query cache shares it).
 */
export function useCommuneInfo(): { commune: Commune | null; problem: CommuneProblemKind | null } {
  const code = chosenCommune();
  const malformed = code !== null && !isWellFormed(code);
  const answer = useQuery(CommuneDocument, undefined, { enabled: !malformed, staleTime: 5 * 60_000 });
  if (malformed || answer.error?.reason === 'COMMUNE_NOT_FOUND') return { commune: null, problem: 'unknown' };
  if (answer.error?.reason === 'COMMUNE_REQUIRED') return { commune: null, problem: 'required' };
  return { commune: answer.data?.commune ?? null, problem: null };
}

/** The town (for titles and the footer). */
export const useCommune = (): Commune | null => useCommuneInfo().commune;

/** In place of every page when no commune can be shown: said in French, with what to do. */
export function CommuneProblem({ problem }: { problem: CommuneProblemKind }) {
  const code = chosenCommune() ?? '';
  usePageTitle(problem === 'unknown' ? 'Commune inconnue' : 'Choisissez votre commune');
  return problem === 'unknown' ? (
    <section className="panel narrow">
      <h1 tabIndex={-1}>Commune inconnue</h1>
      <p>Aucune commune de ce portail ne porte le code « {code.slice(0, 40)} ».</p>
      <p>Vérifiez l’adresse : ouvrez de préférence le lien donné par votre mairie (il se termine par « ?domaine= » suivi du code de votre commune).</p>
    </section>
  ) : (
    <section className="panel narrow">
      <h1 tabIndex={-1}>Choisissez votre commune</h1>
      <p>Ce portail sert plusieurs communes : ouvrez-le depuis le lien donné par votre mairie, qui se termine par « ?domaine= » suivi du code de votre commune.</p>
    </section>
  );
}
