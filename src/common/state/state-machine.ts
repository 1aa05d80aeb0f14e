/**
 * One state machine, declared once: its states, the states a row is created in, the allowed moves
 * and the French label of each state. Stores guard their writes with `fromStates(to)` (the
 * `WHERE state = ANY(…)` of the UPDATE that moves a row), services and stores call `assert` before
 * a move they decide in code; `state-machines.spec.ts` checks every move the SQL makes against it.
 */
export interface StateMachine<S extends string> {
  /** In error messages: "illegal invoice transition UNPAID → DONE". */
  readonly name: string;
  readonly states: readonly S[];
  /** The states a row is written in when it is created. */
  readonly initial: readonly S[];
  readonly transitions: Readonly<Record<S, readonly S[]>>;
  readonly labels: Readonly<Record<S, string>>;
  canMove(from: S, to: S): boolean;
  /** Throws on a move the declaration does not allow: a bug. */
  assert(from: S, to: S): void;
  /** The states a row may move to each of `to` from: the guard of the UPDATE that moves it. */
  fromStates(...to: S[]): S[];
}

export function declareStateMachine<S extends string>(d: {
  name: string;
  states: readonly S[];
  initial: readonly S[];
  transitions: Readonly<Record<S, readonly S[]>>;
  labels: Readonly<Record<S, string>>;
}): StateMachine<S> {
  const canMove = (from: S, to: S) => d.transitions[from].includes(to);
  return {
    ...d,
    canMove,
    assert(from, to) {
      if (!canMove(from, to)) throw new Error(`illegal ${d.name} transition ${from} → ${to}`);
    },
    fromStates: (...to) => d.states.filter((from) => to.every((t) => canMove(from, t))),
  };
}
