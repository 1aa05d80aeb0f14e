import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, request, RequestOptions } from './client';
import type { TypedDocumentString } from './generated';

export interface QueryState<R> {
  data: R | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => Promise<void>;
}

/** Runs a query when its variables change (compared as JSON); the last answer wins. */
export function useQuery<R, V>(document: TypedDocumentString<R, V>, variables?: V, skip = false): QueryState<R> {
  // The answer is kept with the variables it answers: another child's planning is never shown
  // under this one's name while the new one loads.
  const [answer, setAnswer] = useState<{ key: string; data: R } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(!skip);
  const key = JSON.stringify(variables ?? {});
  const seq = useRef(0);
  const run = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const result = await request(document, JSON.parse(key) as V);
      if (mine === seq.current) {
        setAnswer({ key, data: result });
        setError(null);
      }
    } catch (err) {
      if (mine === seq.current) setError(err instanceof ApiError ? err : new ApiError(String(err), 'INTERNAL', 'INTERNAL'));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [document, key]);
  useEffect(() => {
    if (!skip) void run();
  }, [run, skip]);
  const data = answer && answer.key === key ? answer.data : null;
  return { data, error, loading, reload: run };
}

/** A mutation's call, its pending state and its last error. */
export function useMutation<R, V>(document: TypedDocumentString<R, V>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const mutate = useCallback(
    async (variables: V, options: RequestOptions = {}): Promise<R | null> => {
      setPending(true);
      setError(null);
      try {
        return await request(document, variables, options);
      } catch (err) {
        setError(err instanceof ApiError ? err : new ApiError(String(err), 'INTERNAL', 'INTERNAL'));
        return null;
      } finally {
        setPending(false);
      }
    },
    [document],
  );
  return { mutate, pending, error, setError };
}
