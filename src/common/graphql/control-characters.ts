import type { ApolloServerPlugin } from '@apollo/server';
import { ASTNode, DocumentNode, Kind, visit } from 'graphql';
import { badInput } from '../errors/domain-error';
import { refusedBeforeExecution } from '../errors/refusal';

/**
 * Control characters (Unicode Cc) but tab, line feed and carriage return. No one types them in a
 * form; PostgreSQL refuses NUL in text (the request used to fail with INTERNAL_SERVER_ERROR) and
 * the others would end up in mails, PDF and exports.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export const hasControlCharacter = (text: string) => CONTROL.test(text);

/** Half of a UTF-16 surrogate pair, alone: no character at all (encoders and PostgreSQL choke on it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const hasLoneSurrogate = (text: string) => LONE_SURROGATE.test(text);

/**
 * Where a string with a control character sits in the variables, named as an input field:
 * `{ i: { children: [{ firstName }] } }` gives `children[0].firstName` (without the variable's own
 * name, as coercion errors do), a bare variable its name. Walks without recursion, each entry
 * pointing to its parent: a 100 kB body can nest arrays deeper than the stack.
 */
export function controlCharacterInVariables(variables: unknown, bad: (text: string) => boolean = hasControlCharacter): string | null {
  interface Entry {
    value: unknown;
    key: string | number | null;
    parent: Entry | null;
  }
  const stack: Entry[] = [{ value: variables, key: null, parent: null }];
  while (stack.length) {
    const entry = stack.pop()!;
    const { value } = entry;
    if (typeof value === 'string') {
      if (!bad(value)) continue;
      const path: Array<string | number> = [];
      for (let e: Entry | null = entry; e && e.key !== null; e = e.parent) path.unshift(e.key);
      return fieldName(path.length > 1 ? path.slice(1) : path);
    }
    // Pushed last to first, so that the first offending field in the request is the one named.
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: entry });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1], key: entries[i][0], parent: entry });
    }
  }
  return null;
}

/** The argument, input field or variable holding a string literal with a control character. */
export function controlCharacterInDocument(document: DocumentNode, bad: (text: string) => boolean = hasControlCharacter): string | null {
  let found: string | null = null;
  visit(document, {
    StringValue(node, _key, parent, _path, ancestors) {
      if (found !== null || !bad(node.value)) return;
      found = '?';
      const lineage = parent ? [...ancestors, parent] : ancestors;
      for (let i = lineage.length - 1; i >= 0; i--) {
        const name = nameOf(lineage[i]);
        if (name) {
          found = name;
          break;
        }
      }
    },
  });
  return found;
}

function nameOf(node: ASTNode | readonly ASTNode[]): string | null {
  if (Array.isArray(node)) return null;
  const n = node as ASTNode;
  if (n.kind === Kind.OBJECT_FIELD || n.kind === Kind.ARGUMENT) return n.name.value;
  if (n.kind === Kind.VARIABLE_DEFINITION) return n.variable.name.value;
  return null;
}

function fieldName(path: Array<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '?';
}

/**
 * Refuses, before anything runs, an operation with a control character in any text it carries: its
 * variables and the string literals of its document. One place for every argument and input field of
 * every operation, whatever its type (String, ID, our scalars). The message names the field, never
 * the value: it may be a password.
 */
export function controlCharactersPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const control = controlCharacterInVariables(request.variables ?? {}) ?? controlCharacterInDocument(document);
          const invalid = control === null ? (controlCharacterInVariables(request.variables ?? {}, hasLoneSurrogate) ?? controlCharacterInDocument(document, hasLoneSurrogate)) : null;
          const field = control ?? invalid;
          if (field === null) return;
          const where = field === '?' ? 'Un texte envoyé' : `« ${field} »`;
          const [reason, what] =
            control !== null ? ['CONTROL_CHARACTER', 'un caractère de contrôle invisible (NUL…)'] : ['INVALID_CHARACTER', 'un caractère invalide (une moitié de caractère spécial isolée)'];
          throw refusedBeforeExecution(badInput(reason, `${where} contient ${what} : retirez-le puis réessayez.`, { ...(field === '?' ? {} : { field }) }));
        },
      };
    },
  };
}
