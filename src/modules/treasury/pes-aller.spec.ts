import { validatePes } from '../../../test/helpers/pes-xsd';
import { euros, HeliosIdentity, PesAllerInput, pesAller, PesDebtor, postalText } from './pes-aller';

const identity: HeliosIdentity = { idPost: '031000', idColl: '21310032000011', codCol: '031', codBud: '00', codProdLoc: 'CANT', nature: '7067' };

const debtor = (name: string, over: Partial<PesDebtor> = {}): PesDebtor => ({
  reference: 'F-0001',
  name,
  firstName: 'Julie',
  street: '12 rue des Lilas',
  postalCode: '31190',
  city: 'Auterive',
  ...over,
});

const input = (over: Partial<PesAllerInput>): PesAllerInput => ({
  fileName: 'PES-AUTERIVE-00001.xml',
  issuedOn: '2027-01-10',
  identity,
  communeName: 'Auterive',
  application: 'Portail Famille 1.0',
  bordereaux: [],
  ...over,
});

const text = (b: Buffer) => b.toString('latin1');

describe('PES_Aller', () => {
  it('writes several invoices of two exercices, each exercice its bordereau, valid against the XSD', () => {
    const file = pesAller(
      input({
        bordereaux: [
          {
            exercice: 2026,
            number: 1,
            kind: 'TITLES',
            pieces: [
              {
                number: 1,
                object: 'Facture 2026-00001 du 01/12/2026 au 31/12/2026',
                debtor: debtor('Roux'),
                lines: [
                  { label: 'Lina - Restauration scolaire', amountCents: 4550 },
                  { label: 'Hugo - Restauration scolaire', amountCents: 325 },
                ],
              },
              { number: 2, object: 'Facture 2026-00002', debtor: debtor('Fabre'), lines: [{ label: 'Tom', amountCents: 100 }] },
            ],
          },
          { exercice: 2027, number: 1, kind: 'TITLES', pieces: [{ number: 1, object: 'Facture 2027-00001', debtor: debtor('Roux'), lines: [{ label: 'Lina', amountCents: 12345 }] }] },
        ],
      }),
    );
    expect(validatePes(file)).toEqual({ ok: true, errors: '' });
    const xml = text(file);
    expect(xml.startsWith('<?xml version="1.0" encoding="ISO-8859-1"?>')).toBe(true);
    expect(xml.match(/<Bordereau>/g)).toHaveLength(2);
    expect(xml).toContain('<Exer V="2026"/>');
    expect(xml).toContain('<Exer V="2027"/>');
    expect(xml).toContain('<NbrPce V="2"/>');
    expect(xml).toContain('<MtBordHt V="49.75"/>');
    expect(xml).toContain('<MtBordHt V="123.45"/>');
    expect(xml).toContain('<TypBord V="01"/>');
    expect(xml).toContain('<TypPce V="01"/>');
    expect(xml).toContain('<IdPost V="031000"/>');
    expect(xml).toContain('<CodProdLoc V="CANT"/>');
  });

  it('writes a credit note as the reduction of its title (02/02/06 with RattachPiece), valid against the XSD', () => {
    const file = pesAller(
      input({
        bordereaux: [
          {
            exercice: 2026,
            number: 1,
            kind: 'REDUCTIONS',
            pieces: [
              {
                number: 7,
                object: 'Avoir AV-2026-00001 sur la facture 2026-00001',
                debtor: debtor('Roux'),
                lines: [{ label: 'Lina - fermeture', amountCents: 650, originalLine: 2 }],
                original: { exercice: 2026, number: 3 },
              },
            ],
          },
        ],
      }),
    );
    expect(validatePes(file)).toEqual({ ok: true, errors: '' });
    const xml = text(file);
    expect(xml).toContain('<TypBord V="02"/>');
    expect(xml).toContain('<TypPce V="02"/><NatPce V="06"/>');
    expect(xml).toContain('<RattachPiece><NatPceOrig V="01"/><ExerRat V="2026"/><IdPceOrig V="3"/><IdLigneOrig V="2"/></RattachPiece>');
  });

  it('writes names with accents, apostrophes and beyond their length in the postal norm, in ISO-8859-1', () => {
    const long = 'de la Fontaine-Saint-Éloi d’Aubigné-Montmorency-Villeneuve';
    const file = pesAller(
      input({
        communeName: 'Saint-Jean-d’Angély',
        bordereaux: [
          {
            exercice: 2026,
            number: 3,
            kind: 'TITLES',
            pieces: [
              {
                number: 12,
                object: 'Cantine « Les p’tits loups » : élèves & goûters <spécial>',
                debtor: debtor(long, { firstName: "Chloé-Anaïs O'Brien", street: 'Chemin de l’Église, lieu-dit « Œuvre »', city: 'Saint-Jean-d’Angély', postalCode: '17400' }),
                lines: [
                  { label: 'Zoé — repas', amountCents: 1 },
                  { label: 'gratuit', amountCents: 0 },
                ],
              },
              { number: 13, object: '000', debtor: debtor('Ñúñez', { firstName: null, street: null, postalCode: 'inconnu', city: '' }), lines: [{ label: '', amountCents: 99999999 }] },
            ],
          },
        ],
      }),
    );
    expect(validatePes(file)).toEqual({ ok: true, errors: '' });
    const xml = text(file);
    expect(xml).toContain(`<Nom V="${postalText(long, 38)}"/>`);
    expect(postalText(long, 38)).toBe('DE LA FONTAINE-SAINT-ELOI D AUBIGNE-MO');
    expect(xml).toContain('<Prenom V="CHLOE-ANAIS O BRIEN"/>');
    expect(xml).toContain('<Adr2 V="CHEMIN DE L EGLISE LIEU-DIT OEUVRE"/>');
    expect(xml).toContain('<Ville V="SAINT-JEAN-D ANGELY"/>');
    expect(xml).toContain('<Nom V="NUNEZ"/>');
    expect(xml).toContain('<Adr2 V="ADRESSE INCONNUE"/>');
    expect(xml).toContain('<ObjPce V="CANTINE LES P&apos;TITS LOUPS ELEVES GOUTERS SPECIAL"/>');
    expect(xml).toContain('<MtHT V="999999.99"/>');
    // The zero line is left out; the pièce keeps its one line above zero.
    expect(xml.match(/<LigneDePiece>/g)).toHaveLength(2);
    expect([...file].every((byte) => byte < 0x80)).toBe(true);
  });

  it('is refused by the XSD when a rule is broken (the check is real)', () => {
    const file = Buffer.from(
      text(
        pesAller(input({ bordereaux: [{ exercice: 2026, number: 1, kind: 'TITLES', pieces: [{ number: 1, object: 'x', debtor: debtor('A'), lines: [{ label: 'a', amountCents: 5 }] }] }] })),
      ).replace('<TypBord V="01"/>', '<TypBord V="07"/>'),
      'latin1',
    );
    expect(validatePes(file).ok).toBe(false);
  });

  it('refuses an empty export and formats amounts in euros', () => {
    expect(() => pesAller(input({ bordereaux: [] }))).toThrow();
    expect(euros(5)).toBe('0.05');
    expect(euros(123456)).toBe('1234.56');
  });
});
