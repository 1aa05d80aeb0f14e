import PDFParser, { Output, Text } from 'pdf2json';

/**
 * The text a reader sees in a PDF: all pages, top to bottom, one line of the page per line of text,
 * what is side by side on a line (words, table cells) joined left to right with spaces. Whitespace
 * is left as the PDF has it: assertions go through `normalizeSpaces` (Intl writes "1 234,56 €" with
 * U+202F and U+00A0, a PDF may use other spaces).
 *
 * pdf2json (a pdf.js fork in plain CommonJS) runs inside jest's module system as it is, where the
 * ESM-only pdfjs-dist and its wrappers (pdf-parse 2, unpdf) need `--experimental-vm-modules`. Its own
 * raw-text output lists a page's lines bottom to top, so lines are rebuilt here from the positioned
 * text runs it returns (x, y from the top left of the page).
 */
export async function pdfText(pdf: Buffer | Uint8Array): Promise<string> {
  const { Pages } = await parse(pdf);
  return Pages.map((page) => pageLines(page.Texts).join('\n')).join('\n');
}

/** The document information dictionary: `Title`, `Author`, `Creator`, `CreationDate` (`D:20091130000000Z`)… */
export async function pdfInfo(pdf: Buffer | Uint8Array): Promise<Record<string, unknown>> {
  return (await parse(pdf)).Meta;
}

async function parse(pdf: Buffer | Uint8Array): Promise<Output> {
  const parser = new PDFParser(null, false);
  try {
    return await new Promise<Output>((resolve, reject) => {
      parser.on('pdfParser_dataError', (error) => reject('parserError' in error ? error.parserError : error));
      parser.on('pdfParser_dataReady', resolve);
      // -1: errors only (pdf2json prints pdf.js warnings with console.log otherwise). The bytes are
      // copied into a Uint8Array of this realm: under jest a Buffer belongs to Node's own realm, and
      // on Node 24 pdf.js's `instanceof Uint8Array` then fails ("Invalid XRef stream header").
      parser.parseBuffer(new Uint8Array(pdf) as unknown as Buffer, -1);
    });
  } finally {
    parser.destroy();
  }
}

/** Every run of whitespace (U+00A0, U+202F, tabs, newlines included) as one plain space. */
export function normalizeSpaces(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

/** Text runs whose tops are this close (in pdf2json's page units, about 16 pt each) share a line. */
const SAME_LINE = 0.2;
/** A gap wider than this (about 1.6 pt) between two runs of a line is a space: a space is at least 2 pt wide at 8 pt. */
const SPACE = 0.1;

function pageLines(texts: Text[]): string[] {
  const lines: { y: number; runs: Text[] }[] = [];
  for (const text of [...texts].sort((a, b) => a.y - b.y)) {
    const line = lines.find((l) => Math.abs(l.y - text.y) <= SAME_LINE);
    if (line) line.runs.push(text);
    else lines.push({ y: text.y, runs: [text] });
  }
  return lines.map(({ runs }) => {
    // PDF writers put a word, or part of one ("portail-" then "famille@…" when a line may break at
    // the hyphen), in a run of its own: runs that touch are one word, a gap between them is a space.
    // A run's width `w` is in sixteenths of pdf2json's unit (its x and y).
    let line = '';
    let end = -Infinity;
    for (const run of runs.sort((a, b) => a.x - b.x)) {
      const text = run.R.map((r) => r.T).join('');
      if (line !== '' && run.x - end > SPACE && !/\s$/.test(line)) line += ' ';
      line += text;
      end = run.x + run.w / 16;
    }
    return line;
  });
}
