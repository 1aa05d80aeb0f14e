import { useReducer } from 'react';
import { BookingChoicesDocument, PreviewReservationDocument, SubmitReservationDocument } from '../../api/generated';
import { useMutation, useQuery } from '../../api/query';
import { usePageTitle } from '../../app/navigation';
import { acceptedOf, BookingChoice } from './booking-choice';
import { bookingReducer, daysRefusal, initialBooking, Step } from './booking-steps';
import { PlanningStep } from './planning-step';
import { PlanningValidation } from './planning-validation';
import { ReservationSaved } from './reservation-saved';

const TITLES: Record<Step, string> = {
  choose: 'Nouvelle réservation',
  grid: 'Planning',
  recap: 'Validation du planning',
  done: 'Demande de réservation enregistrée',
};

/**
 * « Nouvelle réservation »: the child and the month, the planning grid (days to book or to cancel),
 * « Validation du planning » (every day checked by the server), then « Demande de réservation
 * enregistrée ». Nothing is saved before « Confirmer la réservation ». The steps are one reducer
 * (`booking-steps.ts`); this page asks the server and hands its answers to it.
 */
export function NewReservationPage() {
  const [state, dispatch] = useReducer(bookingReducer, initialBooking);
  usePageTitle(TITLES[state.step]);
  const choices = useQuery(BookingChoicesDocument);
  const previewCall = useMutation(PreviewReservationDocument);
  const submitCall = useMutation(SubmitReservationDocument);

  // A new refusal of some days by « Confirmer la réservation » is taken in as the page is drawn:
  // back to the grid, each day with its reason (the grid is asked again as it opens).
  const refusal = daysRefusal(submitCall.error);
  if (refusal && refusal !== state.refusal) dispatch({ type: 'daysRefused', refusal });

  const child = choices.data?.myChildren.find((c) => c.id === state.childId);
  const registration = acceptedOf(child).find((r) => r.activity.id === state.activityId);
  const input = { childId: state.childId, activityId: state.activityId, month: state.month, book: [...state.book].sort(), cancel: [...state.cancel].sort() };

  const toContinue = async () => {
    if (!state.book.size && !state.cancel.size) return dispatch({ type: 'nothingChosen' });
    dispatch({ type: 'previewAsked' });
    const result = await previewCall.mutate({ input });
    if (result) dispatch({ type: 'previewed', preview: result.previewReservation, idempotencyKey: crypto.randomUUID() });
  };

  const confirm = async () => {
    const result = await submitCall.mutate({ input: { ...input, idempotencyKey: state.idempotencyKey } });
    if (result) dispatch({ type: 'saved', reservation: result.submitReservation });
  };

  if (state.step === 'done' && state.saved) return <ReservationSaved saved={state.saved} />;

  if (state.step === 'recap' && state.preview) {
    return (
      <PlanningValidation
        preview={state.preview}
        child={child}
        registration={registration}
        month={state.month}
        onBack={() => dispatch({ type: 'backToPlanning' })}
        onConfirm={() => void confirm()}
        confirming={submitCall.pending}
        error={submitCall.error && submitCall.error.reason !== 'INVALID_DAYS' ? submitCall.error : null}
      />
    );
  }

  if (state.step === 'grid') {
    return (
      <PlanningStep
        state={state}
        dispatch={dispatch}
        child={child}
        activityName={registration?.activity.name}
        onContinue={() => void toContinue()}
        checking={previewCall.pending}
        checkError={previewCall.error}
        refusal={submitCall.error?.reason === 'INVALID_DAYS' ? submitCall.error : null}
      />
    );
  }

  return <BookingChoice choices={choices} state={state} dispatch={dispatch} />;
}
