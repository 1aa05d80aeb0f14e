import { addDays } from '../../src/common/dates/local-date';
import { recordPayment } from '../helpers/billing';
import { HOOK_TIMEOUT, parisToday } from '../helpers/catalog';
import { expectError } from '../helpers/errors';
import { familiesWithInvoices, PayingFamily, paymentsLedger } from '../helpers/payments';
import { monthFromNow } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/**
 * A payment recorded at the régie (`recordPayment`) is dated when it was received: not in the
 * future (commune time), not more than a year back (`1900-01-01` was accepted). Refused in French,
 * the field named, nothing recorded.
 */
describe('recordPayment: the day the payment was received', () => {
  let app: TestApp;
  let staffToken: string;
  let family: PayingFamily;

  beforeAll(async () => {
    app = await TestApp.start();
    const town = await familiesWithInvoices(app, 'RECU', 1, [monthFromNow(2)], [3]);
    staffToken = town.staffToken;
    [family] = town.families;
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  const pay = (receivedOn: string, amountCents = 100) => recordPayment(app, staffToken, { familyId: family.familyId, invoiceIds: [family.invoices[0].id], amountCents, method: 'CHECK', receivedOn });

  it('in the future, or more than a year back → BAD_USER_INPUT naming receivedOn, nothing recorded', async () => {
    const today = parisToday();
    const yearBack = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
    const ledger = await paymentsLedger(app);
    for (const [receivedOn, message] of [
      ['2001-01-01', /plus d’un an/],
      [addDays(yearBack, -1), /plus d’un an/],
      [addDays(today, 1), /futur/],
      ['2150-12-31', /futur/],
    ] as const) {
      const err = expectError(await pay(receivedOn), 'BAD_USER_INPUT', 'VALIDATION_FAILED');
      expect([receivedOn, err.extensions.field]).toEqual([receivedOn, 'receivedOn']);
      expect(err.message).toMatch(message);
    }
    expect(await paymentsLedger(app)).toEqual(ledger);
  });

  it('today, or a year back to the day, is recorded', async () => {
    const today = parisToday();
    const yearBack = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
    for (const receivedOn of [today, yearBack]) {
      const res = await pay(receivedOn);
      expect(res.errors).toBeUndefined();
      expect(res.data.recordPayment.receivedOn).toBe(receivedOn);
    }
  });
});
