import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/** The states' words are the server's: the portal's legends and badges read them, anyone may (no login). */
describe('stateLabels', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ SEED_DEMO: 'true' });
  });
  afterAll(() => app.stop());

  it('answers every legend of the guide without a login, in the guide’s words and order', async () => {
    const { stateLabels } = await app.ok<{ stateLabels: Array<{ kind: string; state: string; label: string }> }>('{ stateLabels { kind state label } }');
    const legend = (kind: string) => stateLabels.filter((l) => l.kind === kind).map((l) => l.label);
    expect(legend('RESERVATION')).toEqual([
      'Réservation en attente de traitement',
      'Réservation acceptée',
      'Réservation refusée',
      'Réservation annulée',
      'Des présences acceptées et d’autres refusées ou annulées',
    ]);
    expect(legend('INVOICE')).toEqual(['Facture non soldée', 'Facture en attente de validation du paiement', 'Facture soldée', 'Paiement de cette facture géré par le Trésor Public']);
    expect(legend('PAYMENT')).toEqual(['Règlement en attente de validation', 'Règlement validé', 'Règlement refusé par la banque', 'Règlement annulé']);
    expect(stateLabels).toContainEqual({ kind: 'CANCELLATION_LINE', state: 'REQUESTED', label: 'Demande d’annulation' });
    expect(stateLabels).toContainEqual({ kind: 'DAY', state: 'TOO_LATE', label: 'Délai de modification dépassé' });
  });
});
