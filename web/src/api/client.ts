import { communeHeaders } from './commune';
import type { TypedDocumentString } from './generated';

/** An error the API gave, in its French words, with what it concerns. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly reason: string,
    readonly field: string | null = null,
    readonly invalidDays: Array<{ date: string; reason: string; message?: string }> = [],
  ) {
    super(message);
  }
}

interface Tokens {
  accessToken: string;
  expiresAt: string;
}

/**
 * How long an access token lives, from its own claims (`exp − iat`), so that the page counts it on
 * its own clock from the moment it got it: a computer whose clock is wrong (by minutes or by years,
 * as on a shared town-hall or library PC) must not think every token is already expired, nor keep
 * one the server refuses. The server's `expiresAt` is the fallback, bounded to 15 minutes.
 */
function lifetimeMs(tokens: Tokens): number {
  try {
    const claims = JSON.parse(atob(tokens.accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { iat?: number; exp?: number };
    if (typeof claims.iat === 'number' && typeof claims.exp === 'number' && claims.exp > claims.iat) return (claims.exp - claims.iat) * 1000;
  } catch {
    // not a JWT we can read: the fallback below
  }
  return Math.min(Math.max(Date.parse(tokens.expiresAt) - Date.now(), 0), 15 * 60_000);
}

export interface SessionAccount {
  id: string;
  role: 'FAMILY' | 'STAFF' | 'ADMIN';
  firstName: string;
  lastName: string;
}

type Listener = (account: SessionAccount | null) => void;

/**
 * The session, in this page's memory only: the access token (15 minutes) and who it is. The refresh
 * token is an HttpOnly cookie that scripts never see; `POST /auth/refresh` turns it into a new access
 * token, at start and when the access token expires.
 */
class Session {
  private tokens: (Tokens & { renewAt: number }) | null = null;
  private refreshing: Promise<boolean> | null = null;
  private listeners = new Set<Listener>();
  account: SessionAccount | null = null;

  /** For useSyncExternalStore: the account is read from here, never copied into React state. */
  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  current = (): SessionAccount | null => this.account;

  /** Whether the session cookie has been tried once (until then, no page knows who is there). */
  ready = false;
  private starting: Promise<boolean> | null = null;

  /** The first refresh of this page (once): who is there, from the session cookie. */
  start(): Promise<boolean> {
    this.starting ??= this.refresh().finally(() => {
      this.ready = true;
      this.listeners.forEach((l) => l(this.account));
    });
    return this.starting;
  }

  isReady = (): boolean => this.ready;

  open(tokens: Tokens, account: SessionAccount): void {
    // Renewed 30 seconds before its end, counted on this page's clock from now.
    this.tokens = { accessToken: tokens.accessToken, expiresAt: tokens.expiresAt, renewAt: Date.now() + lifetimeMs(tokens) - 30_000 };
    this.account = account;
    this.listeners.forEach((l) => l(account));
  }

  close(): void {
    this.tokens = null;
    this.account = null;
    this.listeners.forEach((l) => l(null));
  }

  /** The access token, renewed first when it is about to expire. */
  async accessToken(): Promise<string | null> {
    if (this.tokens && Date.now() < this.tokens.renewAt) return this.tokens.accessToken;
    if (!this.tokens && !this.account) return null;
    return (await this.refresh()) ? this.tokens!.accessToken : null;
  }

  /** One refresh at a time (the cookie is rotated: two at once would revoke the session). */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /**
   * Tabs of one browser share the cookie: their refreshes take turns (Web Locks), so that each sends
   * the token the previous one rotated; two at once would look like a replay and close the session.
   */
  private doRefresh(): Promise<boolean> {
    // Web Locks exist in secure contexts (HTTPS, localhost); elsewhere each tab refreshes alone.
    const locks: LockManager | undefined = navigator.locks;
    // The lock is held until the callback's promise settles (lib.dom types the callback as returning T).
    return locks ? locks.request<boolean>('portail-refresh', () => this.refreshNow() as unknown as boolean) : this.refreshNow();
  }

  private async refreshNow(): Promise<boolean> {
    try {
      const res = await fetch('/auth/refresh', { method: 'POST', headers: { 'X-Portail-Session': 'cookie', ...communeHeaders() }, credentials: 'same-origin' });
      // 204: no session cookie (logged out), said without an error.
      if (!res.ok || res.status === 204) {
        if (this.account || this.tokens) this.close();
        return false;
      }
      const body = (await res.json()) as Tokens & { account: SessionAccount };
      this.open(body, body.account);
      return true;
    } catch {
      return false;
    }
  }
}

export const session = new Session();

/** Logout: the server clears the session cookie and closes the account's sessions; this page forgets. */
export async function logoutEverywhere(): Promise<boolean> {
  let ok = false;
  try {
    ok = (await fetch('/auth/logout', { method: 'POST', headers: { 'X-Portail-Session': 'cookie', ...communeHeaders() }, credentials: 'same-origin' })).ok;
  } catch {
    ok = false;
  }
  session.close();
  return ok;
}

const NETWORK_ERROR = () => new ApiError('Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.', 'NETWORK', 'NETWORK');

export interface RequestOptions {
  /** « Rester connecté » at login: the session cookie outlives the browser (30 days). */
  remember?: boolean;
}

async function post(query: string, variables: unknown, token: string | null, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Portail-Session': options.remember ? 'cookie; remember' : 'cookie', ...communeHeaders() };
  if (token) headers.Authorization = `Bearer ${token}`;
  return fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }), credentials: 'same-origin' });
}

interface GraphqlBody<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

function toError(err: { message: string; extensions?: Record<string, unknown> }): ApiError {
  const ext = err.extensions ?? {};
  return new ApiError(
    err.message,
    String(ext.code ?? 'INTERNAL'),
    String(ext.reason ?? 'INTERNAL'),
    typeof ext.field === 'string' ? ext.field : null,
    Array.isArray(ext.invalidDays) ? (ext.invalidDays as ApiError['invalidDays']) : [],
  );
}

/** Runs one typed operation; throws the API's first error as an ApiError. */
export async function request<R, V>(document: TypedDocumentString<R, V>, variables?: V, options: RequestOptions = {}): Promise<R> {
  let token = await session.accessToken();
  let res: Response;
  try {
    res = await post(document.toString(), variables ?? {}, token, options);
  } catch {
    throw NETWORK_ERROR();
  }
  let body = (await res.json().catch(() => ({}))) as GraphqlBody<R>;
  const expired = body.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED' && e.extensions?.reason === 'INVALID_TOKEN');
  if (expired && token && (await session.refresh())) {
    token = await session.accessToken();
    try {
      res = await post(document.toString(), variables ?? {}, token);
    } catch {
      throw NETWORK_ERROR();
    }
    body = (await res.json().catch(() => ({}))) as GraphqlBody<R>;
  }
  if (body.errors?.length) {
    const error = toError(body.errors[0]);
    if (error.code === 'UNAUTHENTICATED' && token) session.close();
    throw error;
  }
  if (!body.data) throw new ApiError('Réponse inattendue du serveur. Veuillez réessayer.', 'INTERNAL', 'INTERNAL');
  return body.data;
}

/** A PDF (or any file) the API serves with the bearer token, saved under the server's name for it, else `name`. */
/** A PDF of the API, saved under the name the server gives it (« facture-2006-00098.pdf », « avoir-AV-2026-00001.pdf »). */
export async function download(path: string): Promise<void> {
  const token = await session.accessToken();
  let res: Response;
  try {
    res = await fetch(path, { headers: { ...communeHeaders(), ...(token ? { Authorization: `Bearer ${token}` } : {}) }, credentials: 'same-origin' });
  } catch {
    throw NETWORK_ERROR();
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { message?: string } | null;
    throw new ApiError(body?.message ?? 'Le document est indisponible pour le moment. Veuillez réessayer.', 'HTTP', String(res.status));
  }
  const named = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1];
  saveBlob(await res.blob(), named ?? 'document.pdf');
}

/** Hands a file made in the page (a PDF fetched, a CSV written) to the browser's downloads. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
