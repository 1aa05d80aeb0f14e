import type { IconName } from './icons';
import type { DayState, InvoiceState, PaymentState, RegistrationState, ReservationLineKind, ReservationLineState, ReservationState } from '../api/generated';

export interface StateLook {
  label: string;
  icon: IconName;
  tone: 'ok' | 'ko' | 'wait' | 'info' | 'muted';
}

/** « Légende (état de la réservation) », the guide's words. */
export const RESERVATION_STATES: Record<ReservationState, StateLook> = {
  PENDING: { label: 'Réservation en attente de traitement', icon: 'question', tone: 'wait' },
  ACCEPTED: { label: 'Réservation acceptée', icon: 'check', tone: 'ok' },
  REFUSED: { label: 'Réservation refusée', icon: 'cross', tone: 'ko' },
  CANCELLED: { label: 'Réservation annulée', icon: 'minus', tone: 'muted' },
  PARTIAL: { label: 'Des présences acceptées et d’autres refusées ou annulées', icon: 'exclamation', tone: 'info' },
};

/** One day of a request, by its kind and state (« Légende (état de la présence) »). */
export function lineLook(kind: ReservationLineKind, state: ReservationLineState): StateLook {
  const book = kind === 'BOOK';
  switch (state) {
    case 'REQUESTED':
      return book ? { label: 'Demande de réservation', icon: 'plus', tone: 'info' } : { label: 'Demande d’annulation', icon: 'minus', tone: 'info' };
    case 'PENDING':
      return book ? { label: 'Présence en attente de traitement', icon: 'question', tone: 'wait' } : { label: 'Annulation en attente de traitement', icon: 'question', tone: 'wait' };
    case 'ACCEPTED':
      return book ? { label: 'Présence acceptée', icon: 'check', tone: 'ok' } : { label: 'Annulation acceptée', icon: 'check', tone: 'ok' };
    case 'REFUSED':
      return book ? { label: 'Présence refusée', icon: 'cross', tone: 'ko' } : { label: 'Annulation refusée', icon: 'cross', tone: 'ko' };
    case 'NO_PLACE':
      return { label: 'Aucune place disponible', icon: 'exclamation', tone: 'ko' };
    case 'WITHDRAWN':
      return { label: 'Demande retirée', icon: 'minus', tone: 'muted' };
  }
}

/** A day booked by this request, then cancelled by a later one (`ReservationLine.cancelledBy`) or by the town hall (`townHallNote`). */
export const LINE_CANCELLED_LATER: StateLook = { label: 'Présence annulée', icon: 'minus', tone: 'muted' };

/** A day of the planning grid. */
export const DAY_STATES: Record<DayState, StateLook> = {
  FREE: { label: 'Libre', icon: 'plus', tone: 'muted' },
  BOOKING_REQUESTED: { label: 'Nouvelle demande de réservation', icon: 'plus', tone: 'info' },
  CANCELLATION_REQUESTED: { label: 'Demande d’annulation', icon: 'minus', tone: 'info' },
  PENDING: { label: 'Présence en attente de traitement', icon: 'question', tone: 'wait' },
  CANCELLATION_PENDING: { label: 'Annulation en attente de traitement', icon: 'question', tone: 'wait' },
  BOOKED: { label: 'Présence acceptée', icon: 'check', tone: 'ok' },
  NO_PLACE: { label: 'Aucune place disponible', icon: 'exclamation', tone: 'ko' },
  REFUSED: { label: 'Présence refusée', icon: 'cross', tone: 'ko' },
  CLOSED: { label: 'Fermé', icon: 'lock', tone: 'muted' },
  EXCUSED: { label: 'Absence excusée', icon: 'info', tone: 'muted' },
};

/** A free day whose modification deadline has passed: it can no longer be booked. */
export const DAY_TOO_LATE: StateLook = { label: 'Délai de modification dépassé', icon: 'clock', tone: 'muted' };

/** « Légende (état de la facture) ». */
export const INVOICE_STATES: Record<InvoiceState, StateLook> = {
  PAYMENT_PENDING: { label: 'Facture en attente de validation du paiement', icon: 'question', tone: 'wait' },
  PAID: { label: 'Facture soldée', icon: 'check', tone: 'ok' },
  UNPAID: { label: 'Facture non soldée', icon: 'cross', tone: 'ko' },
  TREASURY: { label: 'Paiement de cette facture géré par le Trésor Public', icon: 'exclamation', tone: 'info' },
};

/** « Légende (état du paiement) ». */
export const PAYMENT_STATES: Record<PaymentState, StateLook> = {
  PENDING: { label: 'Règlement en attente de validation', icon: 'question', tone: 'wait' },
  VALIDATED: { label: 'Règlement validé', icon: 'check', tone: 'ok' },
  REFUSED: { label: 'Règlement refusé par la banque', icon: 'cross', tone: 'ko' },
  CANCELLED: { label: 'Règlement annulé', icon: 'cross', tone: 'muted' },
};

export const CREDIT_NOTE_STATE: StateLook = { label: 'Avoir émis', icon: 'check', tone: 'ok' };

export const REGISTRATION_STATES: Record<RegistrationState, StateLook> = {
  PENDING: { label: 'Inscription en attente de traitement', icon: 'question', tone: 'wait' },
  ACCEPTED: { label: 'Inscription acceptée', icon: 'check', tone: 'ok' },
  REFUSED: { label: 'Inscription refusée', icon: 'cross', tone: 'ko' },
};
