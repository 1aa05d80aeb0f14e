import { createContext, FormEvent, InputHTMLAttributes, ReactNode, SelectHTMLAttributes, useContext, useEffect, useId, useRef, useState } from 'react';
import type { ApiError } from '../api/client';
import { promiseFocus, useFocusOnAppear, useFocusPromise } from './focus';
import { Icon } from './icons';
import type { StateLook } from './states';
import { useStateLabel } from './use-state-label';

/** A state: its icon and its words (never the colour alone). */
export function StateBadge({ look, compact = false }: { look: StateLook; compact?: boolean }) {
  const label = useStateLabel()(look);
  return (
    <span className={`state state-${look.tone}`}>
      <Icon name={look.icon} />
      {compact ? <span className="visually-hidden">{label}</span> : <span>{label}</span>}
    </span>
  );
}

/** « Légende (…) »: every state's icon with its words. */
export function Legend({ title, looks }: { title: string; looks: StateLook[] }) {
  return (
    <details className="legend">
      <summary>{title}</summary>
      <ul>
        {looks.map((l) => (
          <li key={`${l.kind}-${l.state}`}>
            <StateBadge look={l} />
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The API's message, read out when it appears. */
export function ErrorMessage({ error, id }: { error: ApiError | string | null | undefined; id?: string }) {
  if (!error) return null;
  return (
    <p className="alert alert-error" role="alert" id={id}>
      <Icon name="exclamation" />
      <span>{typeof error === 'string' ? error : error.message}</span>
    </p>
  );
}

/** The words of a success, focused when they appear (the form or button the person was on may be gone). */
export function Success({ children }: { children: ReactNode }) {
  const ref = useFocusOnAppear<HTMLParagraphElement>();
  return (
    <p className="alert alert-success" role="status" tabIndex={-1} ref={ref}>
      <Icon name="check" />
      <span>{children}</span>
    </p>
  );
}

/** The required fields of the form that were left empty at the last « submit ». */
const MissingFields = createContext<string[]>([]);
export const REQUIRED_MESSAGE = 'Ce champ est obligatoire.';

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  hint?: string;
  /** The API error, shown here when it names this field. */
  error?: ApiError | null;
  /** A message of the page's own (checks before sending). */
  message?: string | null;
};

/** A labelled input; its error (the API's, when it names this field) next to it and tied to it. */
export function Field({ label, name, hint, error, message, ...input }: FieldProps) {
  const id = useId();
  const missing = useContext(MissingFields).includes(name) && !input.value;
  const text = message ?? (missing ? REQUIRED_MESSAGE : null) ?? (error && error.field === name ? error.message : null);
  const described = [hint ? `${id}-hint` : null, text ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${text ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {input.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input id={id} name={name} aria-invalid={text ? true : undefined} aria-describedby={described} {...input} />
      {text ? (
        <p className="field-error" id={`${id}-error`}>
          <Icon name="exclamation" /> {text}
        </p>
      ) : null}
    </div>
  );
}

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & { label: string; name: string; error?: ApiError | null; children: ReactNode };

export function SelectField({ label, name, error, children, ...select }: SelectProps) {
  const id = useId();
  const missing = useContext(MissingFields).includes(name) && !select.value;
  const text = missing ? REQUIRED_MESSAGE : error && error.field === name ? error.message : null;
  return (
    <div className={`field${text ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {select.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <select id={id} name={name} aria-invalid={text ? true : undefined} aria-describedby={text ? `${id}-error` : undefined} {...select}>
        {children}
      </select>
      {text ? (
        <p className="field-error" id={`${id}-error`}>
          <Icon name="exclamation" /> {text}
        </p>
      ) : null}
    </div>
  );
}

/** A form whose API error is shown above its buttons unless a field shows it. */
export function Form({ onSubmit, error, fields = [], children, label }: { onSubmit: () => void; error?: ApiError | null; fields?: string[]; children: ReactNode; label?: string }) {
  const ref = useRef<HTMLFormElement>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const [tries, setTries] = useState(0);
  // Every required field left empty is said at once, next to it, before anything is sent.
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const empty = [...(ref.current?.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input[required], select[required]') ?? [])].filter((el) => !el.value.trim()).map((el) => el.name);
    setMissing(empty);
    setTries((t) => t + 1);
    if (!empty.length) onSubmit();
  };
  const general = error && !(error.field && fields.includes(error.field)) ? error : null;
  // An error on a field: focus goes to it, so that a screen reader reads the field and its message.
  useEffect(() => {
    if ((error && !general) || missing.length) ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [error, general, missing, tries]);
  return (
    <form ref={ref} onSubmit={submit} noValidate aria-label={label}>
      <MissingFields.Provider value={missing}>{children}</MissingFields.Provider>
      <ErrorMessage error={general} />
    </form>
  );
}

export function Button({ pending, children, kind = 'primary', ...rest }: { pending?: boolean; kind?: 'primary' | 'secondary' | 'danger' } & React.ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button className={`button button-${kind}`} disabled={pending || rest.disabled} aria-busy={pending || undefined} {...rest}>
      {children}
    </button>
  );
}

/** The table a pager turns the pages of: just before it, alone or in its scrolling frame. */
function listBefore(nav: HTMLElement): HTMLElement | null {
  const before = nav.previousElementSibling as HTMLElement | null;
  return before?.matches('table') ? before : (before?.querySelector('table') ?? null);
}

/** « Afficher 5 éléments / page (de 1 à 5 sur 12 éléments) » and the pages. */
export function Pager({ page, pageSize, total, onPage, what }: { page: number; pageSize: number; total: number; onPage: (page: number) => void; what: string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  // The page turned: focus on the list it shows (drawn again once loaded), not lost with the button.
  const key = `pager:${what}`;
  const ref = useFocusPromise<HTMLElement>(key, (nav) => listBefore(nav) ?? nav.querySelector('p'), page);
  const turn = (to: number) => {
    promiseFocus(key);
    onPage(to);
  };
  return (
    <nav className="pager" aria-label={`Pages : ${what}`} ref={ref}>
      <p>{total === 0 ? 'Aucun élément' : `De ${from} à ${to} sur ${total} élément${total > 1 ? 's' : ''}`}</p>
      {pages > 1 ? (
        <div className="pager-buttons">
          <button type="button" className="button button-secondary" disabled={page <= 1} onClick={() => turn(page - 1)}>
            Page précédente
          </button>
          <span>
            Page {page} sur {pages}
          </span>
          <button type="button" className="button button-secondary" disabled={page >= pages} onClick={() => turn(page + 1)}>
            Page suivante
          </button>
        </div>
      ) : null}
    </nav>
  );
}

export function Loading({ what = 'Chargement…' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      {what}
    </p>
  );
}
