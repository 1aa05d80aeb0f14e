import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pain008, Pain008Batch } from './pain008';

const XSD = join(__dirname, '..', '..', '..', 'xsd', 'sepa', 'pain.008.001.08.xsd');

/** Validates against the ISO 20022 schema with xmllint (throws with its message when invalid). */
export function expectValidPain008(xml: string): void {
  execFileSync('xmllint', ['--nonet', '--noout', '--schema', XSD, '-'], { input: xml, stdio: ['pipe', 'pipe', 'pipe'] });
}

const batch: Pain008Batch = {
  messageId: 'AUTERIVE-PRLV-00001',
  createdAt: new Date('2026-03-02T09:30:00Z'),
  collectionDate: '2026-03-10',
  creditor: { id: 'FR72ZZZ123456', name: 'Mairie d’Auterive — Régie cantine', iban: 'FR7030002005500000157845Z02', bic: 'CRLYFRPPXXX' },
  debits: [
    {
      endToEndId: '00012',
      amountCents: 1020,
      mandateReference: 'AUTERIVE-0F3C9A1E-000001',
      mandateSignedOn: '2026-01-05',
      debtorName: 'Hélène Dupont',
      debtorIban: 'FR1420041010050500013M02606',
      debtorBic: null,
      remittance: 'Facture 2026-00001 Mairie d’Auterive',
    },
    {
      endToEndId: '00013',
      amountCents: 680,
      mandateReference: 'AUTERIVE-9ABC0000-000002',
      mandateSignedOn: '2025-12-01',
      debtorName: 'Jean Martin',
      debtorIban: 'FR7630006000011234567890189',
      debtorBic: 'AGRIFRPP882',
      remittance: 'Facture 2026-00002',
    },
  ],
};

describe('pain.008.001.08 file', () => {
  it('is valid against the ISO 20022 schema: CORE, RCUR, the creditor, one transaction per debit', () => {
    const xml = pain008(batch);
    expectValidPain008(xml);
    expect(xml).toContain('<Cd>CORE</Cd>');
    expect(xml).toContain('<SeqTp>RCUR</SeqTp>');
    expect(xml).toContain('<ReqdColltnDt>2026-03-10</ReqdColltnDt>');
    expect(xml).toContain('<Id>FR72ZZZ123456</Id>');
    expect(xml).toContain('<IBAN>FR7030002005500000157845Z02</IBAN>');
    expect(xml).toContain('<EndToEndId>00012</EndToEndId>');
    expect(xml).toContain('<InstdAmt Ccy="EUR">10.20</InstdAmt>');
    expect(xml).toContain('<MndtId>AUTERIVE-0F3C9A1E-000001</MndtId>');
    expect(xml).toContain('<DtOfSgntr>2026-01-05</DtOfSgntr>');
    expect(xml).toContain('<CtrlSum>17.00</CtrlSum>');
    expect(xml).toContain('<Nm>Helene Dupont</Nm>');
    expect(xml).toContain('<NbOfTxs>2</NbOfTxs>');
  });

  it('never writes a zero amount, nor an empty file', () => {
    expect(() => pain008({ ...batch, debits: [{ ...batch.debits[0], amountCents: 0 }] })).toThrow(/amount 0/);
    expect(() => pain008({ ...batch, debits: [] })).toThrow(/no debit/);
  });

  it('is refused by the schema when broken (the check works)', () => {
    expect(() => expectValidPain008(pain008(batch).replace('<SeqTp>RCUR</SeqTp>', '<SeqTp>XXXX</SeqTp>'))).toThrow();
  });
});
