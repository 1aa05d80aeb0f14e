import type { Dispatch } from 'react';
import type { ApiError } from '../../api/client';
import { PlanningDocument } from '../../api/generated';
import { useQuery } from '../../api/query';
import { capitalize, monthLabel } from '../../ui/format';
import { Button, ErrorMessage, Loading } from '../../ui/kit';
import type { Child } from './booking-choice';
import { BookingAction, BookingState } from './booking-steps';
import { PlanningGrid } from './planning-grid';

/**
 * « Planning »: the month of the child's activity, days to book or to cancel, then « Continuer »
 * (every day checked by the server). Drawn again from the server each time the step opens.
 */
export function PlanningStep({
  state,
  dispatch,
  child,
  activityName,
  onContinue,
  checking,
  checkError,
  refusal,
}: {
  state: BookingState;
  dispatch: Dispatch<BookingAction>;
  child: Child | undefined;
  activityName: string | undefined;
  onContinue: () => void;
  /** The days being checked by the server, and what it answered when it failed. */
  checking: boolean;
  checkError: ApiError | null;
  /** The server's refusal of some days at the end, said again here. */
  refusal: ApiError | null;
}) {
  const { childId, activityId, month } = state;
  const planning = useQuery(PlanningDocument, { childId, activityId, month });
  return (
    <section className="panel">
      <h1 tabIndex={-1}>Planning {activityName}</h1>
      <p className="subtitle">
        {child?.lastName} {child?.firstName} — {capitalize(monthLabel(month))}
      </p>
      {planning.loading && !planning.data ? <Loading what="Chargement du planning…" /> : null}
      <ErrorMessage error={planning.error} />
      {planning.data ? <PlanningGrid planning={planning.data.planning} book={state.book} cancel={state.cancel} dayErrors={state.dayErrors} dispatch={dispatch} /> : null}
      <ErrorMessage error={state.notice ?? checkError} />
      {state.dayErrors.size && refusal ? <ErrorMessage error={refusal} /> : null}
      <div className="actions">
        <Button kind="secondary" onClick={() => dispatch({ type: 'backToChoice' })}>
          Retour
        </Button>
        <Button onClick={onContinue} pending={checking}>
          Continuer
        </Button>
      </div>
    </section>
  );
}
