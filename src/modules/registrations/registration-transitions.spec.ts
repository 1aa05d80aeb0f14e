import { RegistrationState } from './registration.entity';
import { registrationFromStates } from './registration-transitions';

describe('registration transitions', () => {
  it('decides only a pending registration', () => {
    expect(registrationFromStates(RegistrationState.ACCEPTED)).toEqual([RegistrationState.PENDING]);
    expect(registrationFromStates(RegistrationState.REFUSED)).toEqual([RegistrationState.PENDING]);
  });

  it('never moves back to pending', () => {
    expect(registrationFromStates(RegistrationState.PENDING)).toEqual([]);
  });
});
