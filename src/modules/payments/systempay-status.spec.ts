import { paymentStateOf } from './systempay-status';

describe('the bank’s vads_trans_status → the payment’s state (SPEC §2)', () => {
  it.each([
    ['AUTHORISED', 'VALIDATED'],
    ['AUTHORISED_TO_VALIDATE', 'VALIDATED'],
    ['CAPTURED', 'VALIDATED'],
    ['ACCEPTED', 'VALIDATED'],
    ['REFUSED', 'REFUSED'],
    ['CANCELLED', 'CANCELLED'],
    ['ABANDONED', 'CANCELLED'],
    ['EXPIRED', 'CANCELLED'],
  ])('%s → %s', (status, state) => {
    expect(paymentStateOf(status)).toBe(state);
  });

  it.each(['UNDER_VERIFICATION', 'WAITING_AUTHORISATION', 'INITIAL', '', 'authorised', 'toString', '__proto__'])('a status that is not final or not known (%p) changes nothing', (status) => {
    expect(paymentStateOf(status)).toBeNull();
  });
});
