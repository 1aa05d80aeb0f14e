import { useQuery } from '../../api/query';
import { LinkPurpose, LinkTokenState, LinkTokenStatusDocument } from '../../api/generated';
import { Link } from '../../app/navigation';
import { ErrorMessage, Loading } from '../../ui/kit';

/** What to do with a dead link, by what it was for. */
const WHAT_TO_DO: Record<LinkPurpose, { expired: string; invalid: string; next: { to: string; label: string } }> = {
  ACTIVATION: {
    expired: 'Ce lien d’activation a expiré : demandez à la mairie de vous renvoyer le mail « Activer mon compte ».',
    invalid: 'Ce lien d’activation a déjà servi ou a été remplacé par un plus récent : si votre compte est activé, connectez-vous ; sinon, demandez à la mairie de vous renvoyer le mail.',
    next: { to: '/connexion', label: 'Se connecter' },
  },
  PASSWORD_RESET: {
    expired: 'Ce lien a expiré (il est valable 1 heure) : demandez-en un nouveau.',
    invalid: 'Ce lien a déjà servi ou a été remplacé par un plus récent : demandez-en un nouveau si besoin.',
    next: { to: '/mot-de-passe-oublie', label: 'Demander un nouveau lien' },
  },
  EMAIL_CHANGE: {
    expired: 'Ce lien a expiré (il est valable 1 heure) : refaites la demande de changement d’adresse dans « Mon compte ».',
    invalid: 'Ce lien a déjà servi ou a été remplacé par un plus récent : votre adresse a peut-être déjà été confirmée, voyez « Mon compte ».',
    next: { to: '/mon-compte', label: 'Aller à « Mon compte »' },
  },
};

/**
 * A mail link's page asks the server first whether the link still works (without using it): a used
 * or expired link is said at once, with what to do, instead of a form that would fail at the end.
 * Returns null when the link is good (the page shows its form), else what to show instead.
 */
export function useDeadLink(token: string, purpose: LinkPurpose): JSX.Element | null {
  const status = useQuery(LinkTokenStatusDocument, { input: { token, purpose } }, { enabled: !!token });
  if (!token) return null;
  if (status.error) return <ErrorMessage error={status.error} />;
  const state: LinkTokenState | undefined = status.data?.linkTokenStatus;
  if (!state) return <Loading />;
  if (state === 'VALID') return null;
  const words = WHAT_TO_DO[purpose];
  return (
    <>
      <ErrorMessage error={`Ce lien n’est plus valide. ${state === 'EXPIRED' ? words.expired : words.invalid}`} />
      <p>
        <Link to={words.next.to}>{words.next.label}</Link>
      </p>
    </>
  );
}
