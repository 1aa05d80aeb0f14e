import * as portal from '../../../web/src/ui/states';
import { BILLING_RUN_STATES } from '../billing/billing-run.entity';
import { INVOICE_STATES } from '../billing/billing-rules';
import { PAYMENT_STATES } from '../payments/payment-rules';
import { RegistrationState } from '../registrations/registration.entity';
import { DAY_STATES, LINE_KINDS, LINE_STATES, PRESENCE_STATUSES, RESERVATION_STATES } from '../reservations/reservation-rules';
import { STATE_KINDS, STATE_LABELS } from './state-labels';

const statesOf = (kind: string) => STATE_LABELS.filter((l) => l.kind === kind).map((l) => l.state);
const labelOf = (kind: string, state: string) => STATE_LABELS.find((l) => l.kind === kind && l.state === state)?.label;

describe('stateLabels', () => {
  it('words every state of every kind once, in French', () => {
    expect(statesOf('REGISTRATION')).toEqual(Object.values(RegistrationState));
    expect(statesOf('RESERVATION')).toEqual([...RESERVATION_STATES]);
    expect(statesOf('BOOKING_LINE')).toEqual([...LINE_STATES]);
    expect(statesOf('CANCELLATION_LINE')).toEqual([...LINE_STATES]);
    expect(statesOf('PRESENCE')).toEqual([...PRESENCE_STATUSES]);
    expect(statesOf('DAY').sort()).toEqual([...DAY_STATES, 'TOO_LATE'].sort());
    expect(statesOf('INVOICE').sort()).toEqual([...INVOICE_STATES].sort());
    expect(statesOf('PAYMENT').sort()).toEqual([...PAYMENT_STATES].sort());
    expect(statesOf('CREDIT_NOTE')).toEqual(['ISSUED']);
    expect(statesOf('BILLING_RUN').sort()).toEqual([...BILLING_RUN_STATES].sort());
    expect(new Set(STATE_LABELS.map((l) => l.kind))).toEqual(new Set(STATE_KINDS));
    for (const l of STATE_LABELS) expect(l.label).toMatch(/^[A-ZÉ][^']*$/);
  });

  it('has the guide’s words where a family reads them', () => {
    expect(labelOf('PAYMENT', 'REFUSED')).toBe('Règlement refusé par la banque');
    expect(labelOf('RESERVATION', 'PARTIAL')).toBe('Des présences acceptées et d’autres refusées ou annulées');
    expect(labelOf('CANCELLATION_LINE', 'REQUESTED')).toBe('Demande d’annulation');
    expect(labelOf('CANCELLATION_LINE', 'NO_PLACE')).toBe('Aucune place disponible');
    expect(labelOf('DAY', 'TOO_LATE')).toBe('Délai de modification dépassé');
    expect(labelOf('INVOICE', 'TREASURY')).toBe('Paiement de cette facture géré par le Trésor Public');
  });

  it('answers every state the portal draws (its icons), so that no badge is drawn without words', () => {
    const looks = [
      ...Object.values(portal.RESERVATION_STATES),
      ...LINE_KINDS.flatMap((k) => LINE_STATES.map((s) => portal.lineLook(k, s))),
      portal.LINE_CANCELLED_LATER,
      ...Object.values(portal.DAY_STATES),
      portal.DAY_TOO_LATE,
      ...Object.values(portal.INVOICE_STATES),
      ...Object.values(portal.PAYMENT_STATES),
      portal.CREDIT_NOTE_STATE,
      ...Object.values(portal.REGISTRATION_STATES),
    ];
    expect(looks.filter((l) => !labelOf(l.kind, l.state)).map((l) => `${l.kind} ${l.state}`)).toEqual([]);
    expect(labelOf(portal.LINE_CANCELLED_LATER.kind, portal.LINE_CANCELLED_LATER.state)).toBe('Présence annulée');
  });
});
