import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';

/** Who a mail greets. */
interface Greeting {
  firstName: string;
  lastName: string;
}

/** A day in a family's mail: its date in French, and what became of it. */
interface MailDay {
  date: string;
  outcome: string;
  reason: string | null;
}

/**
 * Every mail the portal sends, declared once: its template's name and the data it is rendered
 * with (beside the commune, added for the layout, and the portal links the request names). Amounts
 * and dates arrive formatted (`1 234,56 €`, `jeudi 2 septembre 2021`).
 */
export interface MailPayloads {
  activation: Greeting & { login: string; link: string; validity: string };
  'staff-activation': Greeting & { login: string; link: string; validity: string; roleLabel: string; backOffice: string };
  /** Families and staff alike: `staff` chooses the wording and, for staff, the back-office's address. */
  'password-reset': Greeting & { login: string; link: string; validity: string; staff: boolean; backOffice: string };
  'email-change': Greeting & { login: string; link: string; validity: string; newEmail: string };
  'password-changed': Greeting & { login: string; staff: boolean; reset: boolean; when: string };
  'email-changed': Greeting & { login: string; staff: boolean; newEmail: string; when: string };
  /** To the owner of an address that someone asked to use: nothing about who asked. */
  'email-change-taken': { email: string };
  'reservation-processed': Greeting & { number: string; child: string; activity: string; period: string; lines: MailDay[] };
  'closure-cancellation': Greeting & { activity: string; label: string; unbilled: Array<{ child: string; date: string }>; billed: Array<{ child: string; date: string }> };
  'invoice-available': Greeting & { number: string; issuedOn: string; period: string; amount: string; remaining: string; dueOn: string | null };
  'credit-note-issued': Greeting & { number: string; issuedOn: string; amount: string; invoiceNumber: string; reason: string; toBalance: string | null };
  'payment-validated': PaymentMail;
  'payment-refused': PaymentMail;
  /** A direct debit the bank rejected: its reason (« Provision insuffisante »), and the invoices owe again. */
  'direct-debit-rejected': PaymentMail;
}

/** A payment's outcome, told to the family: the same words for a card payment and a direct debit. */
type PaymentMail = Greeting & { number: string; amount: string; invoices: string[]; invoiceNumbers: string; plural: boolean; toBalance: string | null; reason: string | null };

export type MailTemplateName = keyof MailPayloads;

/** What a template is rendered with: its payload, and the commune for the layout. */
export type MailData<N extends MailTemplateName> = MailPayloads[N] & { commune: MailCommune };

/** Every mail's French subject. Bodies live in templates/<name>.{html,txt}.hbs. */
export const MAIL_TEMPLATES: { readonly [N in MailTemplateName]: { subject(d: MailData<N>): string } } = {
  activation: { subject: (d) => `${d.commune.name} — activez votre compte Portail Famille` },
  'staff-activation': { subject: (d) => `${d.commune.name} — activez votre compte agent (back-office du Portail Famille)` },
  'password-reset': {
    subject: (d) => (d.staff ? 'Portail Famille — les identifiants de votre compte agent' : 'Portail Famille — vos identifiants de connexion'),
  },
  'email-change': { subject: () => 'Portail Famille — confirmez votre nouvelle adresse e-mail' },
  'password-changed': { subject: (d) => `Portail Famille — votre mot de passe a été ${d.reset ? 'réinitialisé' : 'changé'}` },
  'email-changed': { subject: () => 'Portail Famille — l’adresse e-mail de votre compte a été changée' },
  'email-change-taken': { subject: () => 'Portail Famille — demande d’utilisation de votre adresse e-mail' },
  'reservation-processed': { subject: (d) => `Portail Famille — votre réservation n° ${d.number} a été traitée` },
  'closure-cancellation': { subject: (d) => `Portail Famille — fermeture (${d.label}) : présences annulées` },
  'invoice-available': { subject: (d) => `Portail Famille — nouvelle facture disponible (n° ${d.number})` },
  'payment-validated': { subject: (d) => `Portail Famille — paiement n° ${d.number} validé` },
  'payment-refused': { subject: (d) => `Portail Famille — paiement n° ${d.number} refusé` },
  'direct-debit-rejected': { subject: (d) => `Portail Famille — prélèvement n° ${d.number} rejeté par votre banque` },
  'credit-note-issued': { subject: (d) => `Portail Famille — avoir n° ${d.number} établi en votre faveur` },
};

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export interface MailCommune {
  name: string;
  address: string;
  postalCode: string;
  city: string;
  phone: string;
  email: string | null;
}

const dir = join(__dirname, 'templates');
const compiled = new Map<string, Handlebars.TemplateDelegate>();
const template = (file: string) => {
  let t = compiled.get(file);
  if (!t) {
    t = Handlebars.compile(readFileSync(join(dir, file), 'utf8'), { strict: true });
    compiled.set(file, t);
  }
  return t;
};
// Plain-text parts must not be HTML-escaped.
const textHandlebars = Handlebars.create();
const compiledText = new Map<string, Handlebars.TemplateDelegate>();
const textTemplate = (file: string) => {
  let t = compiledText.get(file);
  if (!t) {
    t = textHandlebars.compile(readFileSync(join(dir, file), 'utf8'), { strict: true, noEscape: true });
    compiledText.set(file, t);
  }
  return t;
};

/** Renders a template inside the commune's layout. `strict` makes a missing variable an error, not a blank. */
export function renderMail<N extends MailTemplateName>(name: N, data: MailData<N>): RenderedMail {
  const subject = MAIL_TEMPLATES[name].subject(data);
  const html = template('layout.html.hbs')({ ...data, subject, body: template(`${name}.html.hbs`)(data) });
  const text = textTemplate('layout.txt.hbs')({ ...data, body: textTemplate(`${name}.txt.hbs`)(data) });
  return { subject, html, text };
}
