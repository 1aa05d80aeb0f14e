import type { QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { StateLabelsDocument } from '../api/generated';
import { prefetch, useQuery } from '../api/query';
import type { StateLook } from './states';

/** The server's words never change while the page is open: asked once, kept, never invalidated. */
const ONCE = { staleTime: Infinity, constant: true } as const;

/** Asked before the first screen is drawn (the router's root loader), so no badge is ever drawn without its words. */
export const prefetchStateLabels = (client: QueryClient) => prefetch(client, StateLabelsDocument, {}, ONCE);

/** The words of a state, as the server declares them (`stateLabels`). */
export function useStateLabel(): (look: StateLook) => string {
  const { data } = useQuery(StateLabelsDocument, {}, ONCE);
  return useCallback((look: StateLook) => data?.stateLabels.find((l) => l.kind === look.kind && l.state === look.state)?.label ?? '', [data]);
}
