import { useEffect } from 'react';

/**
 * A table wider than its screen scrolls inside itself (the back-office on a tablet): such a table is
 * made reachable with Tab, so that the keyboard can scroll it too (RGAA, axe `scrollable-region-
 * focusable`); one that fits is left out of the Tab order. Kept up to date as pages and sizes change.
 */
export function useScrollableTablesFocusable(selector = 'main table'): void {
  useEffect(() => {
    let frame = 0;
    const update = () => {
      frame = 0;
      for (const table of document.querySelectorAll<HTMLTableElement>(selector)) {
        const scrolls = table.scrollWidth > table.clientWidth || table.scrollHeight > table.clientHeight;
        if (scrolls && table.getAttribute('tabindex') !== '0') table.setAttribute('tabindex', '0');
        if (!scrolls && table.getAttribute('tabindex') === '0') table.removeAttribute('tabindex');
      }
    };
    const later = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    const mutations = new MutationObserver(later);
    mutations.observe(document.body, { childList: true, subtree: true });
    window.addEventListener('resize', later);
    later();
    return () => {
      mutations.disconnect();
      window.removeEventListener('resize', later);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [selector]);
}
