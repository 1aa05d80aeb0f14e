import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';

/** Every mail the portal sends, with its French subject. Bodies live in templates/<name>.{html,txt}.hbs. */
export const MAIL_TEMPLATES = {
  activation: { subject: (d: { commune: { name: string } }) => `${d.commune.name} — activez votre compte Portail Famille` },
  'staff-activation': { subject: (d: { commune: { name: string } }) => `${d.commune.name} — activez votre compte agent (back-office du Portail Famille)` },
  'password-reset': {
    subject: (d: { staff?: unknown }) => (d.staff ? 'Portail Famille — les identifiants de votre compte agent' : 'Portail Famille — vos identifiants de connexion'),
  },
  'email-change': { subject: () => 'Portail Famille — confirmez votre nouvelle adresse e-mail' },
  'password-changed': { subject: (d: { reset?: unknown }) => `Portail Famille — votre mot de passe a été ${d.reset ? 'réinitialisé' : 'changé'}` },
  'email-changed': { subject: () => 'Portail Famille — l’adresse e-mail de votre compte a été changée' },
  'email-change-taken': { subject: () => 'Portail Famille — demande d’utilisation de votre adresse e-mail' },
  'reservation-processed': { subject: (d: { number?: unknown }) => `Portail Famille — votre réservation n° ${String(d.number)} a été traitée` },
  'closure-cancellation': { subject: (d: { label?: unknown }) => `Portail Famille — fermeture (${String(d.label)}) : présences annulées` },
  'invoice-available': { subject: (d: { number?: unknown }) => `Portail Famille — nouvelle facture disponible (n° ${String(d.number)})` },
  'payment-validated': { subject: (d: { number?: unknown }) => `Portail Famille — paiement n° ${String(d.number)} validé` },
  'payment-refused': { subject: (d: { number?: unknown }) => `Portail Famille — paiement n° ${String(d.number)} refusé` },
  'direct-debit-rejected': { subject: (d: { number?: unknown }) => `Portail Famille — prélèvement n° ${String(d.number)} rejeté par votre banque` },
  'credit-note-issued': { subject: (d: { number?: unknown }) => `Portail Famille — avoir n° ${String(d.number)} établi en votre faveur` },
} as const;

export type MailTemplateName = keyof typeof MAIL_TEMPLATES;

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
export function renderMail(name: MailTemplateName, data: Record<string, unknown> & { commune: MailCommune }): RenderedMail {
  const subject = MAIL_TEMPLATES[name].subject(data);
  const html = template('layout.html.hbs')({ ...data, subject, body: template(`${name}.html.hbs`)(data) });
  const text = textTemplate('layout.txt.hbs')({ ...data, body: textTemplate(`${name}.txt.hbs`)(data) });
  return { subject, html, text };
}
