import { allocateOldestFirst, assertInvoiceTransition, dueOn, formatCreditNoteNumber, formatInvoiceNumber, INVOICE_STATES, INVOICE_TRANSITIONS, InvoiceState } from './billing-rules';
import { formatPaymentNumber } from '../payments/payment-rules';

describe('invoice transitions (a table, guarded)', () => {
  const allowed: Array<[InvoiceState, InvoiceState]> = [
    ['UNPAID', 'PAYMENT_PENDING'],
    ['UNPAID', 'PAID'],
    ['UNPAID', 'TREASURY'],
    ['PAYMENT_PENDING', 'UNPAID'],
    ['PAYMENT_PENDING', 'PAID'],
    ['TREASURY', 'PAID'],
    // A direct debit the bank returned after its collection date: the invoice owes again.
    ['PAID', 'UNPAID'],
  ];

  it.each(allowed)('%s → %s is allowed', (from, to) => {
    expect(() => assertInvoiceTransition(from, to)).not.toThrow();
  });

  it('refuses every other move, and a settled invoice moves only back to unpaid (a direct debit returned)', () => {
    const refused = INVOICE_STATES.flatMap((from) => INVOICE_STATES.map((to) => [from, to] as const)).filter(([from, to]) => !allowed.some(([f, t]) => f === from && t === to));
    expect(refused).toHaveLength(16 - allowed.length);
    for (const [from, to] of refused) expect(() => assertInvoiceTransition(from, to)).toThrow(`illegal invoice transition ${from} → ${to}`);
    expect(INVOICE_TRANSITIONS.PAID).toEqual(['UNPAID']);
  });

  it('hands only an unpaid invoice to the Trésor Public, which is then no longer paid online', () => {
    expect(INVOICE_STATES.filter((s) => INVOICE_TRANSITIONS[s].includes('TREASURY'))).toEqual(['UNPAID']);
    expect(INVOICE_TRANSITIONS.TREASURY).not.toContain('PAYMENT_PENDING');
  });
});

describe('numbers', () => {
  it('writes invoices YYYY-NNNNN, credit notes AV-YYYY-NNNNN, payments on 5 digits', () => {
    expect(formatInvoiceNumber(2026, 1)).toBe('2026-00001');
    expect(formatInvoiceNumber(2006, 96)).toBe('2006-00096');
    expect(formatInvoiceNumber(2026, 123456)).toBe('2026-123456');
    expect(formatCreditNoteNumber(2026, 1)).toBe('AV-2026-00001');
    expect(formatPaymentNumber(4083)).toBe('04083');
  });

  it('asks for payment 30 days after the invoice date', () => {
    expect(dueOn('2009-11-30', '2009-11-30')).toBe('2009-12-30');
    expect(dueOn('2026-12-15', '2026-11-30')).toBe('2027-01-14');
    // Billed in advance: counted from the last day it bills.
    expect(dueOn('2026-11-20', '2026-12-07')).toBe('2027-01-06');
  });
});

describe('allocateOldestFirst', () => {
  const invoices = [
    { id: 'a', remainingCents: 23727 },
    { id: 'b', remainingCents: 24150 },
    { id: 'c', remainingCents: 24996 },
  ];

  it('settles the oldest invoice first, then the next', () => {
    expect(allocateOldestFirst(invoices, 30000).map((a) => [a.invoice.id, a.cents])).toEqual([
      ['a', 23727],
      ['b', 6273],
    ]);
  });

  it('never gives an invoice more than its remaining due', () => {
    const all = allocateOldestFirst(invoices, 1_000_000);
    expect(all.map((a) => a.cents)).toEqual([23727, 24150, 24996]);
  });

  it('skips invoices with nothing left, and allocates nothing for nothing', () => {
    expect(allocateOldestFirst([{ id: 'z', remainingCents: 0 }, ...invoices], 100).map((a) => a.invoice.id)).toEqual(['a']);
    expect(allocateOldestFirst(invoices, 0)).toEqual([]);
  });
});
