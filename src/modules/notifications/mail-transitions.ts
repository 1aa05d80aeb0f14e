import { declareStateMachine } from '../../common/state/state-machine';
import { MAIL_STATUSES, MailStatus } from './mail-message.entity';

/**
 * Mail moves (the outbox's `status`): QUEUED → SENDING (a worker claims it, with a lease); SENDING →
 * SENT, or FAILED (tried again later: FAILED → SENDING) or DEAD once out of attempts. A SENDING mail
 * whose lease ran out (its worker died) is claimed again: SENDING → SENDING.
 */
export const MAIL_MACHINE = declareStateMachine<MailStatus>({
  name: 'mail',
  states: MAIL_STATUSES,
  initial: ['QUEUED'],
  transitions: {
    QUEUED: ['SENDING'],
    SENDING: ['SENDING', 'SENT', 'FAILED', 'DEAD'],
    FAILED: ['SENDING'],
    SENT: [],
    DEAD: [],
  },
  labels: {
    QUEUED: 'Courriel en attente d’envoi',
    SENDING: 'Courriel en cours d’envoi',
    SENT: 'Courriel envoyé',
    FAILED: 'Envoi du courriel en échec, nouvel essai prévu',
    DEAD: 'Envoi du courriel abandonné',
  },
});

/** Where a mail may be claimed from for sending besides SENDING itself (only once its lease ran out). */
export const MAIL_CLAIMABLE: MailStatus[] = MAIL_MACHINE.fromStates('SENDING').filter((s) => s !== 'SENDING');
