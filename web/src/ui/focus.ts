import { RefCallback, useCallback, useEffect, useRef } from 'react';

/**
 * Where focus goes after something the person did replaced what they were on (a form turned into its
 * success message, a page of a list turned, a save that disabled its button): the message, the new
 * page's heading, or the list — never `<body>`, where a keyboard or screen-reader user would start
 * again from the top. One module, so that every screen does it the same way.
 */

/** Focuses an element that is not focusable by itself (a heading, a message, a table) and shows it. */
export function moveFocusTo(el: HTMLElement | null | undefined): boolean {
  if (!el || !el.isConnected) return false;
  if (!el.hasAttribute('tabindex') && !el.matches('a[href], button, input, select, textarea')) el.tabIndex = -1;
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: 'nearest' });
  return document.activeElement === el;
}

/** Whether focus was lost (on the page's body, or on nothing), as when the focused button went away. */
export function focusIsLost(): boolean {
  return !document.activeElement || document.activeElement === document.body;
}

/**
 * A ref for a message that appears after an action (« Informations enregistrées. »): focused when it
 * appears, and again when its words change while focus was lost (a second save).
 */
export function useFocusOnAppear<T extends HTMLElement>(): RefCallback<T> {
  const node = useRef<T | null>(null);
  const said = useRef<string | null>(null);
  useEffect(() => {
    const el = node.current;
    if (!el) return;
    const text = el.textContent ?? '';
    if (said.current === null || (text !== said.current && focusIsLost())) moveFocusTo(el);
    said.current = text;
  });
  return useCallback((el: T | null) => {
    node.current = el;
    if (!el) said.current = null;
  }, []);
}

/** Focus promised to something not drawn yet (the next page of a list, drawn once it is loaded). */
let promised: string | null = null;

/** Promises focus to the target named `key`, taken when it next appears (`useFocusPromise`). */
export function promiseFocus(key: string): void {
  promised = key;
}

/** A ref for the target named `key`: when it appears with focus promised to it, `pick` says which element takes it. */
export function useFocusPromise<T extends HTMLElement>(key: string, pick: (el: T) => HTMLElement | null = (el) => el, redrawnWith: unknown = null): RefCallback<T> {
  return useCallback(
    (el: T | null) => {
      if (el && promised === key) {
        promised = null;
        moveFocusTo(pick(el));
      }
    },
    // A new `redrawnWith` (the page shown) calls the ref again, for a target that stays mounted.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `pick` is left out: often an inline arrow, new at each render, it would call the ref again on every render
    [key, redrawnWith],
  );
}
