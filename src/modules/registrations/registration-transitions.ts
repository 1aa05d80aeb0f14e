import { RegistrationState } from './registration.entity';

/** Registrations move PENDING → ACCEPTED | REFUSED, once: a decision is final. */
export const REGISTRATION_TRANSITIONS: Readonly<Record<RegistrationState, readonly RegistrationState[]>> = {
  [RegistrationState.PENDING]: [RegistrationState.ACCEPTED, RegistrationState.REFUSED],
  [RegistrationState.ACCEPTED]: [],
  [RegistrationState.REFUSED]: [],
};

/** The states a registration may move to `to` from: the guard of the UPDATE that moves it. */
export const registrationFromStates = (to: RegistrationState): RegistrationState[] =>
  (Object.keys(REGISTRATION_TRANSITIONS) as RegistrationState[]).filter((from) => REGISTRATION_TRANSITIONS[from].includes(to));
