import { QueryClient, useMutation as useTanstackMutation, useQuery as useTanstackQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiError, request, RequestOptions, session } from './client';
import type { TypedDocumentString } from './generated';

/**
 * The server's answers, cached by TanStack Query under `[operation name, variables]`.
 *
 * - An answer is shown for the variables it answers: another child's planning is never shown under
 *   this one's name while the new one loads (no placeholder data).
 * - After a change (any mutation that succeeded), every cached answer is marked stale and the ones
 *   on screen are asked again: a cancellation moves the planning, the request's state and the
 *   billing summary at once, and a family must never read a figure the server no longer holds.
 * - A screen opened again is drawn from the cache at once and asked again in the background.
 * - Errors are not retried: the API's French message is shown at once, as the server gave it.
 * - Another account (logout, login as someone else) starts from an empty cache.
 */
export function createQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 0 },
      mutations: { retry: false },
    },
  });
  let accountId = session.current()?.id ?? null;
  session.subscribe((account) => {
    if ((account?.id ?? null) === accountId) return;
    accountId = account?.id ?? null;
    client.clear();
  });
  return client;
}

/** « query PlanningQuery($…) » → « PlanningQuery »: the first part of every cache key. */
export function operationName(document: TypedDocumentString<unknown, unknown>): string {
  return /\b(?:query|mutation)\s+(\w+)/.exec(document.toString())?.[1] ?? document.toString();
}

const asApiError = (err: unknown): ApiError => (err instanceof ApiError ? err : new ApiError(String(err), 'INTERNAL', 'INTERNAL'));

export interface QueryState<R> {
  /** The answer for these variables, or null until it comes. */
  data: R | null;
  error: ApiError | null;
  /** True until the first answer for these variables (an answer on screen is refreshed quietly). */
  loading: boolean;
  /** When the last answer came (ms since the epoch), 0 before the first: a page following the worker reads its clock here. */
  answeredAt: number;
  reload: () => Promise<void>;
}

export interface QueryOptions<R> {
  /** False: not asked (a screen waiting for a choice). */
  enabled?: boolean;
  /**
   * To follow the worker: ms until the next ask for this answer, or false to stop (its stop
   * condition), from the answer and when it came (`answeredAt`).
   */
  refetchInterval?: (data: R | undefined, answeredAt: number) => number | false;
  /** How long an answer is taken as current (ms); 0 by default: asked again whenever a screen opens. */
  staleTime?: number;
}

/** One typed operation of `schema.gql`, asked when its variables change. */
export function useQuery<R, V>(document: TypedDocumentString<R, V>, variables?: V, options: QueryOptions<R> = {}): QueryState<R> {
  const enabled = options.enabled ?? true;
  const every = options.refetchInterval;
  const query = useTanstackQuery({
    queryKey: [operationName(document as TypedDocumentString<unknown, unknown>), variables ?? {}],
    queryFn: () => request(document, variables),
    enabled,
    refetchInterval: every ? (q) => every(q.state.data, q.state.dataUpdatedAt) : undefined,
    staleTime: options.staleTime,
  });
  const { refetch } = query;
  const reload = useCallback(async () => {
    await refetch();
  }, [refetch]);
  return {
    data: query.data ?? null,
    error: query.error ? asApiError(query.error) : null,
    loading: enabled && query.isPending,
    answeredAt: query.dataUpdatedAt,
    reload,
  };
}

/** A typed mutation: its call (null when it failed; the error is kept), its pending state and its last error. */
export function useMutation<R, V>(document: TypedDocumentString<R, V>) {
  const client = useQueryClient();
  const mutation = useTanstackMutation<R, ApiError, { variables: V; options: RequestOptions }>({
    mutationFn: ({ variables, options }) => request(document, variables, options).catch((err: unknown) => Promise.reject(asApiError(err))),
    onSuccess: () => client.invalidateQueries(),
  });
  const { mutateAsync, reset } = mutation;
  const mutate = useCallback(
    async (variables: V, options: RequestOptions = {}): Promise<R | null> => {
      try {
        return await mutateAsync({ variables, options });
      } catch {
        return null;
      }
    },
    [mutateAsync],
  );
  return { mutate, pending: mutation.isPending, error: mutation.error ?? null, reset };
}
