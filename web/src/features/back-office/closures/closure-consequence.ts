import { frDate } from '../../../ui/format';

export type Closure = { from: string; to: string; label: string };

/** What a closure will do, said before it applies: the booked days it cancels when they can be counted. */
export function closureConsequence(c: Closure, cancelled: number | null): string {
  const period = c.from === c.to ? `le ${frDate(c.from)}` : `du ${frDate(c.from)} au ${frDate(c.to)}`;
  const days =
    cancelled === null
      ? 'Les jours réservés ou demandés de la période seront annulés'
      : cancelled === 0
        ? 'Aucun jour n’est réservé ni demandé sur cette période : aucune présence ne sera annulée'
        : `${cancelled} présence${cancelled > 1 ? 's' : ''} réservée${cancelled > 1 ? 's' : ''} ou demandée${cancelled > 1 ? 's' : ''} ser${cancelled > 1 ? 'ont' : 'a'} annulée${cancelled > 1 ? 's' : ''}`;
  const after = cancelled === 0 ? '.' : ', les places libérées et les familles prévenues par mail ; les jours déjà facturés feront l’objet d’un avoir.';
  return `Fermer ${period} (${c.label}) : ${days}${after}`;
}
