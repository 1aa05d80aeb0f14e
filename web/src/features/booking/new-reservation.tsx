import { useEffect, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from '../../api/query';
import {
  BookingChoicesDocument,
  PlanningDocument,
  PlanningQuery,
  PreviewReservationDocument,
  PreviewReservationMutation,
  ReservationFieldsFragment,
  SubmitReservationDocument,
} from '../../api/generated';
import { Link, usePageTitle } from '../../app/navigation';
import { capitalize, dayOfMonth, frDate, longDate, monthLabel, nextMonth, spokenDate, WEEKDAYS } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { Button, ErrorMessage, Legend, Loading, SelectField, StateBadge } from '../../ui/kit';
import { DAY_STATES, DAY_TOO_LATE, StateLook } from '../../ui/states';
import { useStateLabel } from '../../ui/use-state-label';
import { ReservationSaved } from './reservation-saved';

type Planning = PlanningQuery['planning'];
type Day = Planning['weeks'][number]['days'][number];
type Step = 'choose' | 'grid' | 'recap' | 'done';

const BOOKABLE = new Set(['FREE', 'REFUSED', 'NO_PLACE']);
const bookable = (d: Day) => d.inMonth && d.modifiable && BOOKABLE.has(d.state);
const cancellable = (d: Day) => d.inMonth && d.modifiable && d.state === 'BOOKED';

const TITLES: Record<Step, string> = {
  choose: 'Nouvelle réservation',
  grid: 'Planning',
  recap: 'Validation du planning',
  done: 'Demande de réservation enregistrée',
};

function currentMonth(): string {
  const t = new Date();
  return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}`;
}

/**
 * « Nouvelle réservation »: the child and the month, the planning grid (days to book or to cancel),
 * « Validation du planning » (every day checked by the server), then « Demande de réservation
 * enregistrée ». Nothing is saved before « Confirmer la réservation ».
 */
export function NewReservationPage() {
  const [step, setStep] = useState<Step>('choose');
  usePageTitle(TITLES[step]);
  const choices = useQuery(BookingChoicesDocument);
  const [childId, setChildId] = useState('');
  const [activityId, setActivityId] = useState('');
  const [month, setMonth] = useState('');
  const [book, setBook] = useState<Set<string>>(new Set());
  const [cancel, setCancel] = useState<Set<string>>(new Set());
  const [dayErrors, setDayErrors] = useState<Map<string, string>>(new Map());
  const [preview, setPreview] = useState<PreviewReservationMutation['previewReservation'] | null>(null);
  const [saved, setSaved] = useState<ReservationFieldsFragment | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const idempotencyKey = useRef<string>('');

  const children = choices.data?.myChildren ?? [];
  const child = children.find((c) => c.id === childId);
  const registrations = useMemo(() => child?.registrations.filter((r) => r.state === 'ACCEPTED') ?? [], [child]);
  const registration = registrations.find((r) => r.activity.id === activityId);

  // Months the activity runs, from this month on.
  const months = useMemo(() => {
    if (!registration) return [];
    const first = registration.activity.startDate.slice(0, 7);
    const last = registration.activity.endDate.slice(0, 7);
    let m = first > currentMonth() ? first : currentMonth();
    const out: string[] = [];
    while (m <= last && out.length < 14) {
      out.push(m);
      m = nextMonth(m);
    }
    return out;
  }, [registration]);

  useEffect(() => {
    if (registrations.length === 1 && !activityId) setActivityId(registrations[0].activity.id);
  }, [registrations, activityId]);
  useEffect(() => {
    if (months.length && !months.includes(month)) setMonth(months.length > 1 ? months[1] : months[0]);
  }, [months, month]);

  const planning = useQuery(PlanningDocument, { childId, activityId, month }, { enabled: !(step !== 'grid' || !childId || !activityId || !month) });
  const previewCall = useMutation(PreviewReservationDocument);
  const submitCall = useMutation(SubmitReservationDocument);

  const input = () => ({ childId, activityId, month, book: [...book].sort(), cancel: [...cancel].sort() });

  const resetSelection = () => {
    setBook(new Set());
    setCancel(new Set());
    setDayErrors(new Map());
    setNotice(null);
  };

  const toContinue = async () => {
    if (!book.size && !cancel.size) {
      setNotice('Choisissez au moins un jour à réserver ou à annuler.');
      return;
    }
    setNotice(null);
    const result = await previewCall.mutate({ input: input() });
    if (!result) return;
    setPreview(result.previewReservation);
    setDayErrors(new Map(result.previewReservation.lines.filter((l) => !l.ok).map((l) => [l.date, l.message ?? 'jour refusé'])));
    idempotencyKey.current = crypto.randomUUID();
    setStep('recap');
  };

  const confirm = async () => {
    const result = await submitCall.mutate({ input: { ...input(), idempotencyKey: idempotencyKey.current } });
    if (result) {
      setSaved(result.submitReservation);
      setStep('done');
      return;
    }
  };

  // A refusal of the whole request for some days: back to the grid, each day with its reason.
  useEffect(() => {
    const err = submitCall.error;
    if (err && err.reason === 'INVALID_DAYS' && err.invalidDays.length) {
      setDayErrors(new Map(err.invalidDays.map((d) => [d.date, d.message ?? d.reason])));
      setStep('grid');
      void planning.reload();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `planning` (the query's handle, a new object at each render) is left out: this reacts to a new refusal only
  }, [submitCall.error]);

  if (step === 'done' && saved) return <ReservationSaved saved={saved} />;

  if (step === 'recap' && preview) {
    return (
      <section className="panel">
        <h1 tabIndex={-1}>Validation du planning</h1>
        <p>Merci de vérifier les informations saisies avant de confirmer votre demande de réservation.</p>
        <dl className="facts">
          <div>
            <dt>Référent</dt>
            <dd>
              {child?.lastName} {child?.firstName}
            </dd>
          </div>
          <div>
            <dt>Etat de la réservation</dt>
            <dd>En attente de confirmation</dd>
          </div>
          <div>
            <dt>Activité</dt>
            <dd>
              {registration?.activity.name} {registration?.activity.schoolYear}
            </dd>
          </div>
        </dl>
        <div className="table-wrap">
          <table>
            <caption>Récapitulatif de vos demandes — {monthLabel(month)}</caption>
            <thead>
              <tr>
                <th scope="col">Jour</th>
                <th scope="col">Demande</th>
              </tr>
            </thead>
            <tbody>
              {preview.lines.map((l) => (
                <tr key={`${l.date}-${l.kind}`} className={l.ok ? undefined : 'row-error'}>
                  <th scope="row">{longDate(l.date)}</th>
                  <td>
                    <StateBadge look={l.kind === 'BOOK' ? DAY_STATES.BOOKING_REQUESTED : DAY_STATES.CANCELLATION_REQUESTED} />
                    {!l.ok ? (
                      <p className="field-error">
                        <Icon name="exclamation" /> Refusé : {frDate(l.date)} {l.message}
                      </p>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {!preview.valid ? <ErrorMessage error="Certains jours ne peuvent pas être demandés (voir ci-dessus) : revenez au planning pour les retirer." /> : null}
        <ErrorMessage error={submitCall.error && submitCall.error.reason !== 'INVALID_DAYS' ? submitCall.error : null} />
        <div className="actions">
          <Button kind="secondary" onClick={() => setStep('grid')}>
            Retour
          </Button>
          <Button onClick={() => void confirm()} pending={submitCall.pending} disabled={!preview.valid}>
            Confirmer la réservation
          </Button>
        </div>
      </section>
    );
  }

  if (step === 'grid') {
    return (
      <section className="panel">
        <h1 tabIndex={-1}>Planning {registration?.activity.name}</h1>
        <p className="subtitle">
          {child?.lastName} {child?.firstName} — {capitalize(monthLabel(month))}
        </p>
        {planning.loading && !planning.data ? <Loading what="Chargement du planning…" /> : null}
        <ErrorMessage error={planning.error} />
        {planning.data ? (
          <PlanningGrid
            planning={planning.data.planning}
            book={book}
            cancel={cancel}
            dayErrors={dayErrors}
            onChange={(b, c) => {
              setBook(b);
              setCancel(c);
              setNotice(null);
            }}
          />
        ) : null}
        <ErrorMessage error={notice ?? previewCall.error} />
        {dayErrors.size && submitCall.error?.reason === 'INVALID_DAYS' ? <ErrorMessage error={submitCall.error} /> : null}
        <div className="actions">
          <Button
            kind="secondary"
            onClick={() => {
              resetSelection();
              setStep('choose');
            }}
          >
            Retour
          </Button>
          <Button onClick={() => void toContinue()} pending={previewCall.pending}>
            Continuer
          </Button>
        </div>
      </section>
    );
  }

  // step 'choose'
  return (
    <section className="panel">
      <h1 tabIndex={-1}>Nouvelle réservation</h1>
      {choices.loading && !choices.data ? <Loading /> : null}
      <ErrorMessage error={choices.error} />
      {choices.data && !children.some((c) => c.registrations.some((r) => r.state === 'ACCEPTED')) ? (
        <p>
          Aucun de vos enfants n’a d’inscription acceptée : faites d’abord une <Link to="/inscriptions/nouvelle">nouvelle inscription</Link>.
        </p>
      ) : null}
      {choices.data ? (
        <form
          noValidate
          aria-label="Choix de l’enfant et du mois"
          onSubmit={(e) => {
            e.preventDefault();
            if (childId && activityId && month) setStep('grid');
          }}
        >
          <fieldset>
            <legend>Sélection de l’enfant</legend>
            <ul className="plain choice-list">
              {children.map((c) => {
                const accepted = c.registrations.some((r) => r.state === 'ACCEPTED');
                return (
                  <li key={c.id}>
                    <label className={accepted ? 'choice' : 'choice choice-disabled'}>
                      <input
                        type="radio"
                        name="child"
                        value={c.id}
                        checked={childId === c.id}
                        disabled={!accepted}
                        onChange={() => {
                          setChildId(c.id);
                          setActivityId('');
                          resetSelection();
                        }}
                      />
                      <span>
                        {c.lastName} {c.firstName}
                        {!accepted ? ' (aucune inscription acceptée)' : ''}
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
          </fieldset>
          {child && registrations.length > 1 ? (
            <SelectField label="Activité" name="activityId" value={activityId} onChange={(e) => setActivityId(e.target.value)}>
              <option value="">— Choisissez l’activité —</option>
              {registrations.map((r) => (
                <option key={r.activity.id} value={r.activity.id}>
                  {r.activity.name} — {r.activity.establishment.name} — {r.activity.schoolYear}
                </option>
              ))}
            </SelectField>
          ) : null}
          {registration ? (
            <SelectField label="Mois" name="month" value={month} onChange={(e) => setMonth(e.target.value)}>
              {months.map((m) => (
                <option key={m} value={m}>
                  {capitalize(monthLabel(m))}
                </option>
              ))}
            </SelectField>
          ) : null}
          <div className="actions">
            <Link to="/reservations" className="button button-secondary">
              Retour
            </Link>
            <Button type="submit" disabled={!childId || !activityId || !month}>
              Afficher le planning
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function lookOf(day: Day, book: Set<string>, cancel: Set<string>): StateLook {
  if (book.has(day.date)) return DAY_STATES.BOOKING_REQUESTED;
  if (cancel.has(day.date)) return DAY_STATES.CANCELLATION_REQUESTED;
  if (day.state === 'FREE' && !day.modifiable) return DAY_TOO_LATE;
  return DAY_STATES[day.state];
}

/** The month as the guide draws it: ISO weeks in rows, service weekdays in columns. */
function PlanningGrid({
  planning,
  book,
  cancel,
  dayErrors,
  onChange,
}: {
  planning: Planning;
  book: Set<string>;
  cancel: Set<string>;
  dayErrors: Map<string, string>;
  onChange: (book: Set<string>, cancel: Set<string>) => void;
}) {
  const weekdays = planning.weekdays;
  const allDays = planning.weeks.flatMap((w) => w.days);
  const toggle = (day: Day) => {
    const b = new Set(book);
    const c = new Set(cancel);
    if (bookable(day)) {
      if (b.has(day.date)) b.delete(day.date);
      else b.add(day.date);
    } else if (cancellable(day)) {
      if (c.has(day.date)) c.delete(day.date);
      else c.add(day.date);
    }
    onChange(b, c);
  };
  /** Selects every day of the set (or clears them when all are selected already). */
  const toggleAll = (days: Day[], kind: 'book' | 'cancel') => {
    const target = new Set(kind === 'book' ? book : cancel);
    const all = days.every((d) => target.has(d.date));
    for (const d of days) {
      if (all) target.delete(d.date);
      else target.add(d.date);
    }
    onChange(kind === 'book' ? target : book, kind === 'cancel' ? target : cancel);
  };
  const monthBookable = allDays.filter(bookable);
  const monthCancellable = allDays.filter(cancellable);
  const leadDays = planning.activity.modificationLeadDays;
  return (
    <>
      <p>
        <strong>Vous avez jusqu’au {frDate(planning.bookingClosesOn)} pour valider vos réservations.</strong>
      </p>
      <p className="hint">
        Cliquez sur un jour pour le réserver, ou sur un jour réservé pour en demander l’annulation. Des modifications du planning pourront être faites jusqu’à {leadDays} jours avant la date du repas à
        modifier.
      </p>
      <div className="actions">
        {monthBookable.length ? (
          <Button kind="secondary" type="button" onClick={() => toggleAll(monthBookable, 'book')} aria-pressed={monthBookable.every((d) => book.has(d.date))}>
            Réserver tout le mois
          </Button>
        ) : null}
        {monthCancellable.length ? (
          <Button kind="secondary" type="button" onClick={() => toggleAll(monthCancellable, 'cancel')} aria-pressed={monthCancellable.every((d) => cancel.has(d.date))}>
            Annuler tout le mois
          </Button>
        ) : null}
      </div>
      <div className="planning-wrap">
        <table className="planning">
          <caption>
            Planning {planning.activity.name} — {capitalize(monthLabel(planning.month))}
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <abbr title="Semaine">Sem.</abbr>
              </th>
              {weekdays.map((w) => (
                <th scope="col" key={w}>
                  <span className="full">{capitalize(WEEKDAYS[w % 7])}</span>
                  <abbr className="short" title={capitalize(WEEKDAYS[w % 7])}>
                    {capitalize(WEEKDAYS[w % 7]).slice(0, 3)}.
                  </abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {planning.weeks.map((week) => {
              const days = weekdays.map((w) => week.days.find((d) => isoWeekday(d.date) === w) ?? null);
              const weekBookable = week.days.filter(bookable);
              const weekCancellable = week.days.filter(cancellable);
              const kind = weekBookable.length ? 'book' : 'cancel';
              const targets = weekBookable.length ? weekBookable : weekCancellable;
              const pressed = targets.length > 0 && targets.every((d) => (kind === 'book' ? book : cancel).has(d.date));
              return (
                <tr key={week.isoWeek}>
                  <th scope="row">
                    {targets.length ? (
                      <button type="button" className="week-button" aria-pressed={pressed} onClick={() => toggleAll(targets, kind)}>
                        {week.isoWeek}
                        <span className="visually-hidden">{kind === 'book' ? ` : réserver toute la semaine ${week.isoWeek}` : ` : annuler toute la semaine ${week.isoWeek}`}</span>
                      </button>
                    ) : (
                      week.isoWeek
                    )}
                  </th>
                  {days.map((day, i) => (
                    <td key={day?.date ?? `${week.isoWeek}-${i}`}>{day ? <DayCell day={day} look={lookOf(day, book, cancel)} error={dayErrors.get(day.date)} onToggle={toggle} /> : null}</td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {dayErrors.size ? (
        <div className="alert alert-error" role="alert">
          <Icon name="exclamation" />
          <div>
            <p>Ces jours ne peuvent pas être demandés :</p>
            <ul>
              {[...dayErrors].map(([date, message]) => (
                <li key={date}>
                  {longDate(date)} : {message}
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      <Legend title="Légende" looks={[...Object.values(DAY_STATES), DAY_TOO_LATE]} />
    </>
  );
}

/** 1 (Monday) … 7 (Sunday), the API's weekday numbers. */
function isoWeekday(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Why a billed day cannot change (SPEC §2: `PlanningDay.billed`). */
const BILLED_NOTE = 'Facturée : ne peut plus être modifiée';

function DayCell({ day, look, error, onToggle }: { day: Day; look: StateLook; error?: string; onToggle: (d: Day) => void }) {
  const seats = day.seatsLeft !== null && day.seatsLeft !== undefined && BOOKABLE.has(day.state) && day.modifiable ? `${day.seatsLeft} place${day.seatsLeft > 1 ? 's' : ''}` : null;
  const closed = day.closureLabel ? day.closureLabel : null;
  const billed = day.billed ? BILLED_NOTE : null;
  const label = useStateLabel()(look);
  const spoken = [spokenDate(day.date), label, closed, billed, seats, error ? `refusé : ${error}` : null].filter(Boolean).join(', ');
  const content = (
    <>
      <span className="day-number" aria-hidden="true">
        {dayOfMonth(day.date)}
      </span>
      <span className={`day-state state-${look.tone}`} aria-hidden="true">
        <Icon name={look.icon} />
      </span>
      {closed ? (
        <span className="day-note" aria-hidden="true">
          {closed}
        </span>
      ) : billed ? (
        <span className="day-note" aria-hidden="true" title={BILLED_NOTE}>
          Facturée
        </span>
      ) : seats ? (
        <span className="day-note" aria-hidden="true">
          {seats}
        </span>
      ) : null}
      {error ? (
        <span className="day-error" aria-hidden="true">
          <Icon name="exclamation" /> refusé
        </span>
      ) : null}
    </>
  );
  const classes = `day day-${look.tone}${day.inMonth ? '' : ' day-outside'}${error ? ' day-invalid' : ''}`;
  if (bookable(day) || cancellable(day)) {
    return (
      <button
        type="button"
        className={`${classes} day-toggle`}
        aria-pressed={look === DAY_STATES.BOOKING_REQUESTED || look === DAY_STATES.CANCELLATION_REQUESTED}
        aria-label={spoken}
        onClick={() => onToggle(day)}
      >
        {content}
      </button>
    );
  }
  return (
    <span className={classes} role="img" aria-label={spoken}>
      {content}
    </span>
  );
}
