import { declareStateMachine } from '../../common/state/state-machine';
import { RegistrationState } from './registration.entity';

/** Registrations move PENDING → ACCEPTED | REFUSED, once: a decision is final. */
export const REGISTRATION_MACHINE = declareStateMachine<RegistrationState>({
  name: 'registration',
  states: Object.values(RegistrationState),
  initial: [RegistrationState.PENDING],
  transitions: {
    [RegistrationState.PENDING]: [RegistrationState.ACCEPTED, RegistrationState.REFUSED],
    [RegistrationState.ACCEPTED]: [],
    [RegistrationState.REFUSED]: [],
  },
  labels: {
    [RegistrationState.PENDING]: 'Inscription en attente de traitement',
    [RegistrationState.ACCEPTED]: 'Inscription acceptée',
    [RegistrationState.REFUSED]: 'Inscription refusée',
  },
});
export const REGISTRATION_TRANSITIONS = REGISTRATION_MACHINE.transitions;

/** The states a registration may move to `to` from: the guard of the UPDATE that moves it. */
export const registrationFromStates = (to: RegistrationState): RegistrationState[] => REGISTRATION_MACHINE.fromStates(to);
