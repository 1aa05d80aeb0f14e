/**
 * graphql-js's and Apollo's own English, said in French for the people reading our errors
 * (SPEC §3: messages for people are French). Names quoted in the English (fields, types, fragments,
 * variables) are kept; an English sentence we do not know is never passed on: the generic French
 * sentence of its kind is said instead.
 */
type Rule = [RegExp, (...m: string[]) => string];

const q = (name: string) => `« ${name} »`;

/** Validation and parsing (graphql-js), before anything runs. */
const DOCUMENT: Rule[] = [
  // Our own validation rules (query-limits.rule.ts) already speak French.
  [/^((?:requête|introspection) trop .*|trop d’opérations .*)$/s, (ours) => ours],
  [/^Syntax Error: (.*)$/s, () => 'erreur de syntaxe dans le document.'],
  [/^Cannot query field "([^"]+)" on type "([^"]+)"/, (f, t) => `le champ ${q(f)} n’existe pas sur le type ${q(t)}.`],
  [/^Unknown type "([^"]+)"/, (t) => `le type ${q(t)} est inconnu.`],
  [/^Unknown argument "([^"]+)" on field "([^"]+)"/, (a, f) => `l’argument ${q(a)} n’existe pas pour le champ ${q(f)}.`],
  [/^Unknown argument "([^"]+)" on directive "([^"]+)"/, (a, d) => `l’argument ${q(a)} n’existe pas pour la directive ${q(d)}.`],
  [/^Unknown fragment "([^"]+)"/, (f) => `le fragment ${q(f)} n’est pas défini.`],
  [/^Unknown directive "([^"]+)"/, (d) => `la directive ${q(d)} est inconnue.`],
  [/^Unknown operation named "([^"]+)"/, (o) => `aucune opération ne s’appelle ${q(o)}.`],
  [/^Cannot spread fragment "([^"]+)" within itself/, (f) => `le fragment ${q(f)} s’inclut lui-même.`],
  [
    /^Fragment "([^"]+)" cannot be spread here as objects of type "([^"]+)" can never be of type "([^"]+)"/,
    (f, a, b) => `le fragment ${q(f)} ne peut pas être utilisé ici : le type ${q(a)} n’est jamais du type ${q(b)}.`,
  ],
  [/^Fragment cannot be spread here as objects of type "([^"]+)" can never be of type "([^"]+)"/, (a, b) => `ce fragment ne peut pas être utilisé ici : le type ${q(a)} n’est jamais du type ${q(b)}.`],
  [/^Fragment "([^"]+)" is never used/, (f) => `le fragment ${q(f)} n’est jamais utilisé.`],
  [/^Fragment cannot condition on non composite type "([^"]+)"/, (t) => `un fragment ne peut pas porter sur le type simple ${q(t)}.`],
  [/^Fragment "([^"]+)" cannot condition on non composite type "([^"]+)"/, (f, t) => `le fragment ${q(f)} ne peut pas porter sur le type simple ${q(t)}.`],
  [/^There can be only one fragment named "([^"]+)"/, (f) => `deux fragments s’appellent ${q(f)}.`],
  [/^There can be only one operation named "([^"]+)"/, (o) => `deux opérations s’appellent ${q(o)}.`],
  [/^There can be only one argument named "([^"]+)"/, (a) => `l’argument ${q(a)} est donné deux fois.`],
  [/^There can be only one variable named "\$?([^"]+)"/, (v) => `la variable ${q(`$${v}`)} est déclarée deux fois.`],
  [/^There can be only one input field named "([^"]+)"/, (f) => `le champ ${q(f)} est donné deux fois.`],
  [/^This anonymous operation must be the only defined operation/, () => 'une opération sans nom doit être seule dans le document.'],
  [/^Variable "\$([^"]+)" is never used/, (v) => `la variable ${q(`$${v}`)} n’est jamais utilisée.`],
  [/^Variable "\$([^"]+)" is not defined/, (v) => `la variable ${q(`$${v}`)} n’est pas déclarée.`],
  [/^Variable "\$([^"]+)" of type "([^"]+)" used in position expecting type "([^"]+)"/, (v, a, b) => `la variable ${q(`$${v}`)} est de type ${q(a)}, ${q(b)} est attendu.`],
  [/^Variable "\$([^"]+)" cannot be non-input type "([^"]+)"/, (v, t) => `la variable ${q(`$${v}`)} ne peut pas être du type ${q(t)}.`],
  [/^Field "([^"]+)" argument "([^"]+)" of type "([^"]+)" is required, but it was not provided/, (f, a) => `l’argument ${q(a)} du champ ${q(f)} est obligatoire.`],
  [/^Directive "@?([^"]+)" argument "([^"]+)" of type "([^"]+)" is required, but it was not provided/, (d, a) => `l’argument ${q(a)} de la directive ${q(`@${d}`)} est obligatoire.`],
  [/^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields/, (f, t) => `le champ ${q(f)} (type ${q(t)}) demande une sélection de sous-champs.`],
  [/^Field "([^"]+)" must not have a selection since type "([^"]+)" has no subfields/, (f, t) => `le champ ${q(f)} (type ${q(t)}) n’a pas de sous-champs.`],
  [/^Fields "([^"]+)" conflict because/, (f) => `le champ ${q(f)} est demandé deux fois de façons incompatibles.`],
  [/^Directive "@?([^"]+)" may not be used on/, (d) => `la directive ${q(`@${d}`)} ne peut pas être utilisée ici.`],
  [/^The directive "@?([^"]+)" can only be used once at this location/, (d) => `la directive ${q(`@${d}`)} ne peut être utilisée qu’une fois ici.`],
  [/^Anonymous Subscription must select only one top level field/, () => 'un abonnement ne peut demander qu’un champ.'],
  [/^Subscription "([^"]+)" must select only one top level field/, (s) => `l’abonnement ${q(s)} ne peut demander qu’un champ.`],
  [/^Schema is not configured to execute (\w+) operation/, (o) => `les opérations ${q(o)} ne sont pas proposées.`],
  [/^The (\w+) definition is not executable/, () => 'le document ne doit contenir que des opérations et des fragments.'],
  [/^The "([^"]+)" definition is not executable/, () => 'le document ne doit contenir que des opérations et des fragments.'],
  [/^Must provide operation name if query contains multiple operations/, () => 'le document contient plusieurs opérations : nommez celle à exécuter (operationName).'],
  [/^Must provide an operation/, () => 'le document ne contient aucune opération.'],
];

/** Apollo's refusals of the HTTP request itself (BAD_REQUEST). */
const REQUEST: Rule[] = [
  [/^`variables` in a POST body should be provided as an object/, () => '« variables » doit être un objet JSON, pas une chaîne.'],
  [/^`variables` in a POST body must be an object/, () => '« variables » doit être un objet JSON.'],
  [/^`extensions` in a POST body should be provided as an object/, () => '« extensions » doit être un objet JSON, pas une chaîne.'],
  [/^`extensions` in a POST body must be an object/, () => '« extensions » doit être un objet JSON.'],
  [/^`operationName` in a POST body must be a string/, () => '« operationName » doit être une chaîne.'],
  [/^GraphQL queries must be strings/, () => '« query » doit être une chaîne.'],
  [/^GraphQL operations must contain a non-empty `query`/, () => 'la requête ne contient pas de « query ».'],
  [/^POST body missing, invalid Content-Type, or JSON object has no keys/, () => 'corps JSON absent ou vide.'],
  [/^Operation batching disabled/, () => 'plusieurs opérations dans un tableau ne sont pas acceptées.'],
  [/^No operations found in request/, () => 'aucune opération dans la requête.'],
  [/^GET requests only support query operations, not (\w+) operations/, (o) => `une opération ${q(o)} ne peut pas être envoyée en GET : envoyez-la en POST.`],
  [/^GET requests may not have a content-type header other than application\/json/, () => 'une requête GET ne peut avoir comme Content-Type que application/json.'],
  [/^The '([^']+)' search parameter may only be specified once/, (p) => `le paramètre ${q(p)} est donné plusieurs fois.`],
  [/^The (\w+) search parameter contains invalid JSON/, (p) => `le paramètre ${q(p)} n’est pas un JSON valide.`],
  [/^The (\w+) search parameter should contain a JSON-encoded object/, (p) => `le paramètre ${q(p)} doit être un objet JSON.`],
  [/^Apollo Server supports only GET\/POST requests/, () => 'seules les méthodes GET et POST sont acceptées.'],
  [/^An 'accept' header was provided for this request which does not accept/, () => 'l’en-tête Accept n’accepte aucun format de réponse proposé (JSON).'],
  [/incremental delivery/, () => 'la livraison incrémentale (@defer, @stream) n’est pas proposée.'],
  [/^This operation has been blocked as a potential Cross-Site Request Forgery/, () => 'requête refusée (protection contre les requêtes d’un autre site).'],
];

function translate(rules: Rule[], message: string): string | null {
  for (const [pattern, say] of rules) {
    const m = pattern.exec(message);
    if (m) return say(...m.slice(1));
  }
  return null;
}

/** The French for a document refused by graphql-js (parse or validation), or a generic sentence. */
export const frenchDocumentMessage = (message: string) => translate(DOCUMENT, message) ?? 'le document ne respecte pas le schéma de l’API.';

/** The French for an HTTP request refused by Apollo, or a generic sentence. */
export const frenchRequestMessage = (message: string) => translate(REQUEST, message) ?? translate(DOCUMENT, message) ?? 'requête mal formée.';
