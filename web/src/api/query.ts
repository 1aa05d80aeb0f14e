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
 * - Another account (logout, login as someone else, the session found again as the page opens)
 *   starts from an empty cache: every answer is dropped, and those on screen are asked again under
 *   the new identity (a screen never waits for an answer that was dropped while it was on its way).
 * - What never changes while the page is open (`constant`: the states' words) is asked once, kept
 *   across accounts and never invalidated.
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
    void client.resetQueries({ predicate: (q) => !isConstant(q) });
  });
  return client;
}

const isConstant = (q: { meta?: Record<string, unknown> }) => q.meta?.constant === true;

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
  /** When the server last answered these variables, with data or an error (ms since the epoch; 0 before): how long the worker has been followed. */
  answeredAt: number;
  reload: () => Promise<void>;
}

export interface QueryOptions<R> {
  /** False: not asked (a screen waiting for a choice). */
  enabled?: boolean;
  /**
   * To follow the worker: ms until the next ask for this answer, or false to stop (its stop condition).
   * `answer` tells whether the last ask failed (after its `retry`) and when it ended (see `answeredAt`).
   */
  refetchInterval?: (data: R | undefined, answer: { failed: boolean; answeredAt: number }) => number | false;
  /**
   * While following the worker, a lost connection is ridden out: a failed ask is made again `times`
   * times, after `delay(attempt)` ms (attempt 1, 2…), before its error is reported. None by default.
   */
  retry?: { times: number; delay: (attempt: number) => number };
  /** How long an answer is taken as current (ms); 0 by default: asked again whenever a screen opens. */
  staleTime?: number;
  /** The answer never changes while the page is open: kept across accounts, never invalidated by a change. */
  constant?: boolean;
}

/** One operation's cache entry: its key, how it is asked, and how long it stays current. */
function queryOf<R, V>(document: TypedDocumentString<R, V>, variables: V | undefined, options: QueryOptions<R>) {
  return {
    queryKey: [operationName(document as TypedDocumentString<unknown, unknown>), variables ?? {}],
    queryFn: () => request(document, variables),
    staleTime: options.staleTime,
    meta: options.constant ? { constant: true } : undefined,
  };
}

/** Asked ahead (a router loader), so that the screen that needs it is drawn with it; a failure is left to the screen. */
export async function prefetch<R, V>(client: QueryClient, document: TypedDocumentString<R, V>, variables?: V, options: QueryOptions<R> = {}): Promise<null> {
  await client.prefetchQuery(queryOf(document, variables, options));
  return null;
}

/** One typed operation of `schema.gql`, asked when its variables change. */
export function useQuery<R, V>(document: TypedDocumentString<R, V>, variables?: V, options: QueryOptions<R> = {}): QueryState<R> {
  const enabled = options.enabled ?? true;
  const every = options.refetchInterval;
  const query = useTanstackQuery({
    ...queryOf(document, variables, options),
    enabled,
    refetchInterval: every ? (q) => every(q.state.data, { failed: q.state.status === 'error', answeredAt: Math.max(q.state.dataUpdatedAt, q.state.errorUpdatedAt) }) : undefined,
    ...(options.retry ? { retry: options.retry.times, retryDelay: options.retry.delay } : {}),
  });
  const { refetch } = query;
  const reload = useCallback(async () => {
    await refetch();
  }, [refetch]);
  return {
    data: query.data ?? null,
    error: query.error ? asApiError(query.error) : null,
    loading: enabled && query.isPending,
    answeredAt: Math.max(query.dataUpdatedAt, query.errorUpdatedAt),
    reload,
  };
}

/** A typed mutation: its call (null when it failed; the error is kept), its pending state and its last error. */
export function useMutation<R, V>(document: TypedDocumentString<R, V>) {
  const client = useQueryClient();
  const mutation = useTanstackMutation<R, ApiError, { variables: V; options: RequestOptions }>({
    mutationFn: ({ variables, options }) => request(document, variables, options).catch((err: unknown) => Promise.reject(asApiError(err))),
    onSuccess: () => client.invalidateQueries({ predicate: (q) => !isConstant(q) }),
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
