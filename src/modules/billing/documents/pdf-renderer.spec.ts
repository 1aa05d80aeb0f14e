import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeSpaces, pdfInfo, pdfText } from '../../../../test/helpers/pdf-text';
import { BillingDocumentView, DocumentLine } from './billing-document.view';
import { defaultWorkerFile, PdfRenderPool } from './pdf-render-pool';
import { renderBillingDocument } from './pdf-renderer';

const issuer = {
  name: 'Mairie d’Auterive',
  address: 'Place du 11 novembre',
  postalCode: '31190',
  city: 'Auterive',
  phone: '05.61.50.96.76',
  email: 'portail-famille@auterive.example',
};

function line(childName: string, activityName: string, quantity: number, unitPriceCents: number): DocumentLine {
  return { childName, activityName, quantity, unitPriceCents, amountCents: quantity * unitPriceCents };
}

function invoiceView(lines: DocumentLine[], over: Partial<BillingDocumentView> = {}): BillingDocumentView {
  const amountCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
  return {
    kind: 'INVOICE',
    number: '2026-00001',
    issuedOn: '2009-11-30',
    issuer,
    family: { name: 'DEMO', referents: 'DEMO Emilie / DEMO Tom', address: '12 rue des Écoles\n31190 Auterive' },
    periodStart: '2009-11-01',
    periodEnd: '2009-11-30',
    establishmentsLabel: 'École élémentaire Jules Ferry',
    lines,
    amountCents,
    invoice: { paidCents: 5000, creditedCents: 766, remainingCents: amountCents - 5766, stateLabel: 'Facture non soldée', dueOn: '2009-12-30' },
    ...over,
  };
}

// 249,96 €: 36 meals at 3,83 € + 24 at 4,67 €.
const demoInvoice = () => invoiceView([line('DEMO Emilie', 'Restaurant scolaire', 36, 383), line('DEMO Tom', 'Accueil du soir', 24, 467)]);

const creditNote: BillingDocumentView = {
  kind: 'CREDIT_NOTE',
  number: 'AV-2026-00001',
  issuedOn: '2009-12-04',
  issuer: { ...issuer, email: null },
  family: { name: 'DEMO', referents: 'DEMO Emilie / DEMO Tom', address: null },
  periodStart: '2009-11-01',
  periodEnd: '2009-11-30',
  establishmentsLabel: 'École élémentaire Jules Ferry',
  lines: [line('DEMO Emilie', 'Restaurant scolaire', 2, 383)],
  amountCents: 766,
  creditNote: { invoiceNumber: '2026-00001', reason: 'Grève du 12/11/2009 : repas non servis' },
};

/** What a family reads, whitespace normalised. */
const read = async (view: BillingDocumentView) => normalizeSpaces(await pdfText(await renderBillingDocument(view)));

describe('renderBillingDocument', () => {
  it('renders an invoice a family can read: issuer, number, dates, period, lines, totals, state and mentions', async () => {
    const pdf = await renderBillingDocument(demoInvoice());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = normalizeSpaces(await pdfText(pdf));

    for (const expected of [
      'Mairie d’Auterive',
      'Place du 11 novembre',
      '31190 Auterive',
      'Tél : 05.61.50.96.76',
      'portail-famille@auterive.example',
      'FACTURE',
      'N° 2026-00001',
      'Date : 30/11/2009',
      'Famille DEMO',
      'Référents : DEMO Emilie / DEMO Tom',
      '12 rue des Écoles',
      'Période de facturation : du 01/11/2009 au 30/11/2009',
      'Établissement(s) : École élémentaire Jules Ferry',
      'Enfant Activité Quantité Prix unitaire Montant',
      'DEMO Emilie Restaurant scolaire 36 3,83 € 137,88 €',
      'DEMO Tom Accueil du soir 24 4,67 € 112,08 €',
      'Montant total : 249,96 €',
      'Avoirs et crédit : 7,66 €',
      'Déjà réglé : 50,00 €',
      'Restant dû : 192,30 €',
      'État : Facture non soldée',
      'À régler avant le 30/12/2009 : en ligne sur le Portail Famille (carte bancaire)',
      'espèces jusqu’à 300 €, chèque à l’ordre du Trésor Public, virement, CESU',
      'En cas de désaccord, adressez-vous d’abord à la mairie (Mairie d’Auterive, Place du 11 novembre, 31190 Auterive, tél. 05.61.50.96.76).',
      'Vous pouvez contester cette somme dans les deux mois suivant sa notification devant le tribunal judiciaire ou administratif compétent',
      'article L. 1617-5 du code général des collectivités territoriales',
      'Page 1 / 1',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Avoir sur la facture');
  });

  it('lists the days each line bills, compactly, under the child', async () => {
    const dated = { ...line('DEMO Emilie', 'Restaurant scolaire', 5, 383), dates: ['2021-09-02', '2021-09-03', '2021-09-06', '2021-09-07', '2021-10-01'] };
    const text = await read(invoiceView([dated]));
    expect(text).toContain('Jours : 02, 03, 06, 07/09/2021 ; 01/10/2021');
  });

  it('writes thousands as French euros', async () => {
    const text = await read(invoiceView([line('DEMO Emilie', 'Restaurant scolaire', 300, 412)]));
    expect(text).toContain('Montant total : 1 236,00 €');
    expect(text).toContain('Restant dû : 1 178,34 €');
  });

  it('asks for nothing when an invoice is settled', async () => {
    const view = demoInvoice();
    view.invoice = { ...view.invoice!, paidCents: 24230, remainingCents: 0, stateLabel: 'Facture soldée' };
    const text = await read(view);
    expect(text).toContain('Restant dû : 0,00 €');
    expect(text).toContain('État : Facture soldée');
    expect(text).not.toContain('À régler avant');
    expect(text).toContain('il n’y a rien à régler');
  });

  it('renders a credit note: the invoice it credits, why, and what becomes of the amount', async () => {
    const text = await read(creditNote);
    for (const expected of [
      'AVOIR',
      'N° AV-2026-00001',
      'Date : 04/12/2009',
      'Famille DEMO',
      'Avoir sur la facture n° 2026-00001',
      'Motif : Grève du 12/11/2009 : repas non servis',
      'Période de facturation : du 01/11/2009 au 30/11/2009',
      'DEMO Emilie Restaurant scolaire 2 3,83 € 7,66 €',
      'Montant total : 7,66 €',
      'Cet avoir vient en déduction du restant dû de la facture n° 2026-00001.',
      'conservé comme crédit sur le compte de la famille et déduit automatiquement de ses prochaines factures',
      'adressez-vous à la mairie',
      'Page 1 / 1',
    ]) {
      expect(text).toContain(expected);
    }
    for (const absent of ['FACTURE', 'Restant dû', 'À régler', 'Courriel']) expect(text).not.toContain(absent);
  });

  it('runs a long table onto a second page, its header repeated', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => line(`ENFANT ${String(i + 1).padStart(2, '0')}`, 'Restaurant scolaire', 10, 383));
    const raw = await pdfText(await renderBillingDocument(invoiceView(lines)));
    const text = normalizeSpaces(raw);
    expect(text).toContain('Page 1 / 2');
    expect(text).toContain('Page 2 / 2');
    expect(text).not.toContain('Page 3');
    expect(text.match(/Enfant Activité Quantité Prix unitaire Montant/g)).toHaveLength(2);
    for (let i = 1; i <= 60; i++) expect(text).toContain(`ENFANT ${String(i).padStart(2, '0')} Restaurant scolaire 10 3,83 € 38,30 €`);
    expect(text).toContain('Montant total : 2 298,00 €');
    // The totals come after the last line, on the last page.
    expect(text.indexOf('Montant total')).toBeGreaterThan(text.indexOf('ENFANT 60'));
    expect(text.indexOf('Montant total')).toBeGreaterThan(text.indexOf('Page 1 / 2'));
  });

  it('sets the document info, and renders the same view to the same bytes', async () => {
    const first = await renderBillingDocument(creditNote);
    const second = await renderBillingDocument(creditNote);
    expect(first.equals(second)).toBe(true);
    expect(await pdfInfo(first)).toMatchObject({ Title: 'Avoir n° AV-2026-00001', Author: 'Mairie d’Auterive', CreationDate: 'D:20091204000000Z' });
    expect(await pdfInfo(await renderBillingDocument(demoInvoice()))).toMatchObject({ Title: 'Facture n° 2026-00001', Author: 'Mairie d’Auterive' });
  });
});

describe('PdfRenderPool', () => {
  const workerFile = defaultWorkerFile();

  it('renders documents at the same time on worker threads, then closes', async () => {
    const pool = new PdfRenderPool(2);
    try {
      const [invoice, credit, third] = await Promise.all([pool.render(demoInvoice()), pool.render(creditNote), pool.render(demoInvoice())]);
      for (const pdf of [invoice, credit, third]) {
        expect(Buffer.isBuffer(pdf)).toBe(true);
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      }
      expect(normalizeSpaces(await pdfText(credit))).toContain('N° AV-2026-00001');
      // Same bytes as in this thread, unless the worker runs an older renderer (see defaultWorkerFile).
      if (!invoice.equals(await renderBillingDocument(demoInvoice()))) {
        throw new Error(`The worker at ${workerFile} renders differently from the sources: dist/ is stale, run npm run build`);
      }
    } finally {
      await pool.close();
    }
    await expect(pool.render(demoInvoice())).rejects.toThrow('PdfRenderPool is closed');
  });

  it('says to build when the compiled worker is missing', async () => {
    const pool = new PdfRenderPool(1, join(tmpdir(), 'no-such-dir', 'pdf-render.worker.js'));
    await expect(pool.render(demoInvoice())).rejects.toThrow(/run npm run build/);
    await pool.close();
  });

  it('rejects the request of a thread that crashes, and replaces the thread', async () => {
    // A stand-in worker: crashes on the view numbered CRASH, answers a fake PDF otherwise.
    const dir = mkdtempSync(join(tmpdir(), 'pdf-pool-'));
    const file = join(dir, 'worker.js');
    writeFileSync(
      file,
      `module.exports = ({ view }) => {
         if (view.number === 'CRASH') {
           setImmediate(() => { throw new Error('boom'); });
           return new Promise(() => {});
         }
         return new TextEncoder().encode('%PDF-' + view.number).buffer;
       };`,
    );
    const pool = new PdfRenderPool(1, file);
    try {
      const crashing = pool.render({ ...creditNote, number: 'CRASH' });
      const queued = pool.render(creditNote);
      await expect(crashing).rejects.toThrow(/render thread stopped \(it crashed: boom\)/);
      expect((await queued).toString()).toBe('%PDF-AV-2026-00001');
      expect((await pool.render(demoInvoice())).toString()).toBe('%PDF-2026-00001');
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the compiled worker in dist/ when running from the TypeScript sources', () => {
    expect(workerFile).toBe(join(__dirname, '..', '..', '..', '..', 'dist', 'src', 'modules', 'billing', 'documents', 'pdf-render.worker.js'));
  });
});
