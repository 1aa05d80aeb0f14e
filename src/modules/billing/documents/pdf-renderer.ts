import { dirname } from 'node:path';
import { frenchDate, frenchDateList } from '../../../common/dates/local-date';
import { euros } from '../../../common/money/euros';
import { BillingDocumentView, DocumentLine } from './billing-document.view';

/**
 * An invoice or credit-note PDF (A4, French), with pdfmake 0.3's Node API:
 * `pdfmake.createPdf(definition).getBuffer()`.
 *
 * Rendering is CPU work (layout, font subsetting, compression): call this from a worker thread
 * (PdfRenderPool), not from the API's event loop.
 *
 * Nothing is read from the network nor from the disk while rendering: the standard Helvetica fonts'
 * metrics ship inside the package, the document has no image, and both of pdfmake's access
 * policies deny everything.
 */
export async function renderBillingDocument(view: BillingDocumentView): Promise<Buffer> {
  return pdfMake().createPdf(documentDefinition(view)).getBuffer();
}

/**
 * pdfkit reads and parses a standard font's metrics file (AFM, ~60 KB of text, ~3,000 regular
 * expressions) for every document: a quarter of an invoice's rendering time, measured. The parsed
 * metrics never change, so they are parsed once per thread and shared: the same bytes come out
 * (a test compares them). pdfkit does not export the parser's class, so it is reached through a
 * document's font; with another pdfkit whose shape differs, nothing is changed.
 */
function parseStandardFontsOnce(): void {
  const pdfkitPath = require.resolve('pdfkit', { paths: [dirname(require.resolve('pdfmake'))] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- pdfmake's own pdfkit, found by path at run time
  const PDFDocument = require(pdfkitPath) as new (options: object) => { font(name: string): unknown; _font?: { font?: object } };
  const probe = new PDFDocument({ autoFirstPage: false });
  probe.font('Helvetica');
  const AFMFont = probe._font?.font?.constructor as { prototype: { parse?: (contents: string) => void } } | undefined;
  const parse = AFMFont?.prototype.parse;
  if (!AFMFont || typeof parse !== 'function') return;
  type Metrics = { attributes: object; glyphWidths: object; kernPairs: object };
  const parsed = new Map<string, Metrics>();
  AFMFont.prototype.parse = function (this: Metrics, contents: string) {
    const known = parsed.get(contents);
    if (known) return void Object.assign(this, known);
    parse.call(this, contents);
    parsed.set(contents, { attributes: this.attributes, glyphWidths: this.glyphWidths, kernPairs: this.kernPairs });
  };
}

// ---------------------------------------------------------------------------------------------
// pdfmake, set up once per process (once per worker thread: each has its own module instances).

/** The part of pdfmake's Node API used here (the package ships no types). */
interface PdfMake {
  setFonts(fonts: Record<string, Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>>): void;
  setUrlAccessPolicy(allow: (url: string) => boolean): void;
  setLocalAccessPolicy(allow: (path: string) => boolean): void;
  createPdf(definition: object): { getBuffer(): Promise<Buffer> };
}

/**
 * The PDF standard Helvetica family: its metrics ship inside pdfkit (a pdfmake dependency), so no
 * TrueType font is parsed, subset and embedded per document — about 8× faster than Roboto
 * (measured: ~10 → ~75 small invoices/s on one thread), which is what lets a town's whole month be
 * rendered in minutes. Its WinAnsi encoding covers French (é è à ç œ « » ’ €).
 */
const HELVETICA = { normal: 'Helvetica', bold: 'Helvetica-Bold', italics: 'Helvetica-Oblique', bolditalics: 'Helvetica-BoldOblique' };

let ready: PdfMake | undefined;

function pdfMake(): PdfMake {
  if (ready) return ready;
  // Required on the first render rather than on import: a process that imports this module but
  // never renders does not load pdfmake and pdfkit.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first render, synchronously (see above)
  const pdfmake = require('pdfmake') as PdfMake;
  pdfmake.setFonts({ Helvetica: HELVETICA });
  parseStandardFontsOnce();
  pdfmake.setUrlAccessPolicy(() => false);
  // The standard fonts go through the same check by name; pdfkit answers them from its own metrics.
  const standard = new Set(Object.values(HELVETICA));
  pdfmake.setLocalAccessPolicy((path) => standard.has(path));
  ready = pdfmake;
  return pdfmake;
}

// ---------------------------------------------------------------------------------------------
// The document.

const GREY = '#555555';
const RULE = '#9e9e9e';
const HEADER_FILL = '#e8eef5';
const STRIPE_FILL = '#f6f6f6';

/**
 * Helvetica (WinAnsi) has no U+202F (narrow no-break space), which Intl's fr-FR puts between thousands and
 * before "€": it would print as a blank box. U+00A0 (no-break space) keeps "1 234,56 €" together.
 */
const printable = (text: string) => text.replace(/\u202f/g, '\u00a0');
const money = (cents: number) => printable(euros(cents));

function documentDefinition(view: BillingDocumentView): object {
  const isInvoice = view.kind === 'INVOICE';
  const title = `${isInvoice ? 'Facture' : 'Avoir'} n° ${view.number}`;
  return {
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 50],
    language: 'fr-FR',
    info: {
      title,
      author: view.issuer.name,
      subject: `${isInvoice ? 'Facture' : 'Avoir'} de la régie de restauration scolaire`,
      creator: 'Portail Famille',
      producer: 'Portail Famille (pdfmake)',
      // Fixed from the issue date rather than "now": the same view renders the same bytes.
      creationDate: new Date(`${view.issuedOn}T00:00:00Z`),
    },
    defaultStyle: { font: 'Helvetica', fontSize: 9.5, lineHeight: 1.15 },
    styles: {
      issuer: { fontSize: 13, bold: true },
      docTitle: { fontSize: 20, bold: true, color: '#1f3b5c', characterSpacing: 1 },
      label: { color: GREY },
      tableHeader: { bold: true, fontSize: 9 },
      small: { fontSize: 8, color: '#333333' },
    },
    footer: (currentPage: number, pageCount: number) => ({
      margin: [40, 15, 40, 0],
      columns: [
        { text: `${view.issuer.name} — régie de restauration scolaire — ${title}`, style: 'small' },
        { text: `Page ${currentPage} / ${pageCount}`, style: 'small', alignment: 'right', width: 70 },
      ],
    }),
    content: [
      header(view),
      familyBlock(view),
      periodBlock(view),
      linesTable(view.lines),
      totals(view),
      ...(view.creditNote ? [creditNoteExplanation(view.creditNote.invoiceNumber)] : []),
      mentions(view),
    ],
  };
}

function header(view: BillingDocumentView): object {
  const { issuer } = view;
  const isInvoice = view.kind === 'INVOICE';
  return {
    columns: [
      {
        width: '*',
        stack: [
          { text: issuer.name, style: 'issuer' },
          { text: 'Régie de restauration scolaire', style: 'label', margin: [0, 0, 0, 4] },
          issuer.address,
          `${issuer.postalCode} ${issuer.city}`,
          `Tél : ${issuer.phone}`,
          ...(issuer.email ? [`Courriel : ${issuer.email}`] : []),
        ],
      },
      {
        width: 200,
        alignment: 'right',
        stack: [{ text: isInvoice ? 'FACTURE' : 'AVOIR', style: 'docTitle', margin: [0, 0, 0, 4] }, { text: `N° ${view.number}`, bold: true, fontSize: 11 }, `Date : ${frenchDate(view.issuedOn)}`],
      },
    ],
    margin: [0, 0, 0, 18],
  };
}

/** The family on the right, where a windowed envelope shows the addressee. */
function familyBlock(view: BillingDocumentView): object {
  const { family } = view;
  return {
    columns: [
      { width: '*', text: '' },
      {
        width: 250,
        table: {
          widths: ['*'],
          body: [
            [
              {
                stack: [{ text: `Famille ${family.name}`, bold: true, fontSize: 11 }, `Référents : ${family.referents}`, ...(family.address ? [{ text: family.address, margin: [0, 3, 0, 0] }] : [])],
                margin: [6, 5, 6, 5],
              },
            ],
          ],
        },
        layout: { hLineColor: () => RULE, vLineColor: () => RULE, hLineWidth: () => 0.75, vLineWidth: () => 0.75 },
      },
    ],
    margin: [0, 0, 0, 16],
  };
}

function periodBlock(view: BillingDocumentView): object {
  const creditNote = view.creditNote;
  return {
    stack: [
      ...(creditNote
        ? [
            { text: `Avoir sur la facture n° ${creditNote.invoiceNumber}`, bold: true },
            { text: [{ text: 'Motif : ', style: 'label' }, printable(creditNote.reason)], margin: [0, 0, 0, 4] },
          ]
        : []),
      { text: [{ text: 'Période de facturation : ', style: 'label' }, `du ${frenchDate(view.periodStart)} au ${frenchDate(view.periodEnd)}`] },
      { text: [{ text: 'Établissement(s) : ', style: 'label' }, view.establishmentsLabel] },
    ],
    margin: [0, 0, 0, 10],
  };
}

function linesTable(lines: DocumentLine[]): object {
  const head = (text: string, alignment = 'left') => ({ text, style: 'tableHeader', alignment });
  const right = (text: string) => ({ text, alignment: 'right', noWrap: true });
  return {
    table: {
      // Repeated at the top of every page the table runs onto; a line never splits across two pages.
      headerRows: 1,
      dontBreakRows: true,
      widths: ['*', '*', 50, 75, 80],
      body: [
        [head('Enfant'), head('Activité'), head('Quantité', 'right'), head('Prix unitaire', 'right'), head('Montant', 'right')],
        ...lines.map((line) => [
          line.dates?.length ? { stack: [line.childName, { text: `Jours : ${frenchDateList(line.dates)}`, style: 'small' }] } : line.childName,
          line.activityName,
          right(String(line.quantity)),
          right(money(line.unitPriceCents)),
          right(money(line.amountCents)),
        ]),
      ],
    },
    layout: {
      hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === 1 || i === node.table.body.length ? 0.75 : 0.25),
      vLineWidth: () => 0,
      hLineColor: (i: number) => (i <= 1 ? '#5f7a99' : '#c8c8c8'),
      fillColor: (row: number) => (row === 0 ? HEADER_FILL : row % 2 === 0 ? STRIPE_FILL : null),
      paddingTop: () => 2,
      paddingBottom: () => 2,
    },
    // Tighter lines than the text around: a month of lines for a large family fits on two pages.
    lineHeight: 1,
    margin: [0, 0, 0, 10],
  };
}

function totals(view: BillingDocumentView): object {
  const row = (label: string, value: string, bold = false) => [
    { text: `${label} :`, bold, alignment: 'right' },
    { text: value, bold, alignment: 'right', noWrap: true },
  ];
  const invoice = view.invoice;
  const body = invoice
    ? [
        // As a parent adds them up: invoice amount − credits − paid = remaining due.
        row('Montant total', money(view.amountCents)),
        row('Avoirs et crédit', money(invoice.creditedCents)),
        row('Déjà réglé', money(invoice.paidCents)),
        row('Restant dû', money(invoice.remainingCents), true),
      ]
    : [row('Montant total', money(view.amountCents), true)];
  return {
    // Totals stay together, and with the state, on one page.
    unbreakable: true,
    columns: [
      { width: '*', text: '' },
      {
        width: 260,
        stack: [
          {
            table: { widths: ['*', 85], body },
            layout: {
              hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (invoice && i === node.table.body.length - 1 ? 0.75 : 0),
              vLineWidth: () => 0,
              hLineColor: () => RULE,
              paddingTop: () => 2,
              paddingBottom: () => 2,
            },
          },
          ...(invoice ? [{ text: `État : ${invoice.stateLabel}`, alignment: 'right', bold: true, margin: [0, 4, 4, 0] }] : []),
        ],
      },
    ],
    margin: [0, 0, 0, 14],
  };
}

function creditNoteExplanation(invoiceNumber: string): object {
  return {
    text:
      `Cet avoir vient en déduction du restant dû de la facture n° ${invoiceNumber}. ` +
      'Si cette facture est déjà réglée, ou si l’avoir dépasse ce qu’il en reste à payer, l’excédent est conservé ' +
      'comme crédit sur le compte de la famille et déduit automatiquement de ses prochaines factures.',
    margin: [0, 0, 0, 12],
  };
}

function mentions(view: BillingDocumentView): object {
  const { issuer, invoice } = view;
  const mairie = `${issuer.name}, ${issuer.address}, ${issuer.postalCode} ${issuer.city}, tél. ${issuer.phone}`;
  const paragraphs: object[] = [];
  if (invoice && invoice.remainingCents > 0 && invoice.withTreasury) {
    paragraphs.push({
      text: [
        { text: 'Recouvrement confié au Trésor Public : ', bold: true },
        'cette facture ne se règle plus en ligne ni à la régie ; réglez-la auprès du Trésor Public, selon l’avis de sommes à payer qu’il vous adresse.',
      ],
    });
  } else if (invoice && invoice.remainingCents > 0) {
    paragraphs.push({
      text: [
        { text: `À régler avant le ${frenchDate(invoice.dueOn)} : `, bold: true },
        'en ligne sur le Portail Famille (carte bancaire), ou auprès de la régie de la mairie ' + '(espèces jusqu’à 300 €, chèque à l’ordre du Trésor Public, virement, CESU).',
      ],
    });
  } else if (invoice) {
    paragraphs.push({ text: 'Cette facture ne présente aucun restant dû : il n’y a rien à régler.', bold: true });
  }
  paragraphs.push({
    text: invoice
      ? `En cas de désaccord, adressez-vous d’abord à la mairie (${mairie}). ` +
        'Vous pouvez contester cette somme dans les deux mois suivant sa notification devant le tribunal judiciaire ' +
        'ou administratif compétent selon la nature de la créance (article L. 1617-5 du code général des collectivités territoriales).'
      : `Pour toute question sur cet avoir, adressez-vous à la mairie (${mairie}).`,
  });
  return {
    unbreakable: true,
    table: {
      widths: ['*'],
      body: [[{ stack: paragraphs.map((p, i) => ({ ...p, margin: [0, i ? 4 : 0, 0, 0] })), style: 'small', margin: [6, 5, 6, 5] }]],
    },
    layout: { hLineColor: () => RULE, vLineColor: () => RULE, hLineWidth: () => 0.5, vLineWidth: () => 0.5, fillColor: () => '#fafafa' },
  };
}
