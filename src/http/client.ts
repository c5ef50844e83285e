/**
 * The one HTTP layer every check shares: Node's fetch with keep-alive, HTTPS_PROXY/NO_PROXY through undici's EnvHttpProxyAgent
 * (loopback always direct), a timeout per attempt inside the global deadline, retries with backoff and jitter for
 * network errors and 5xx on idempotent requests, Retry-After honoured on 429 and 503, bounded bodies, credentials
 * only to trusted origins, and no credential ever following a redirect. TLS is always verified.
 *
 * Requests go through Node's global fetch (undici inside Node) with a dispatcher from dispatch.ts: undici's public
 * EnvHttpProxyAgent when a proxy applies, an undici Agent for other host names, both resolving names with a lookup
 * that ends with the deadline (lookup.ts; the system's getaddrinfo cannot be abandoned). A request to an IP address
 * with no proxy keeps Node's own dispatcher (the sandbox and tests, which then never evaluate the npm undici).
 * Loopback always goes direct.
 */
import type { Dispatcher } from 'undici'
import { isLoopbackHost, mayCarryCredentials } from './trust.js'
import { Deadline, sleep as defaultSleep } from './deadline.js'
import { describeError, type NetFailure } from './errors.js'
import { RETRYABLE_STATUS, backoffMs, parseRetryAfter } from './retry.js'
import { Dispatchers } from './dispatch.js'
import type { LookupOptions } from './lookup.js'

/** DELETE is idempotent (callers retry it like a GET); a POST is retried only when the caller says it changes nothing. */
export type Method = 'GET' | 'POST' | 'DELETE'

/** Sends one attempt. Bearer/Basic requests use the global fetch; Digest requests use the Digest session. */
export type Transport = (url: string, init: TransportInit) => Promise<Response>

export interface TransportInit {
  method: Method
  headers: Record<string, string>
  body?: string
  signal: AbortSignal
  /** undici's proxy agent when a proxy applies; otherwise absent (Node's own dispatcher). */
  dispatcher?: Dispatcher
  redirect: 'manual'
}

export interface HttpRequest {
  method: Method
  url: string
  headers?: Record<string, string>
  body?: string
  /** A credential rides on this request (header or body): only trusted origins, never across redirects. */
  credentialed: boolean
  /** Replaces the plain transport, e.g. the Digest session's. */
  transport?: Transport
  /** Retry network errors and 5xx. 429 is retried whenever time allows. */
  idempotent: boolean
  timeoutMs?: number
  /** Follow up to 3 redirects (uncredentialed requests only). */
  followRedirects?: boolean
  /** Override the per-client number of attempts (1 = no retry). */
  maxAttempts?: number
}

export interface HttpOk {
  ok: true
  status: number
  headers: Record<string, string>
  body: string
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown
  attempts: number
  durationMs: number
  /** Seconds asked by Retry-After when the last answer was 429/503 and no time was left to wait. */
  retryAfterS?: number
}

export interface HttpFail extends NetFailure {
  ok: false
  attempts: number
  durationMs: number
}

export type HttpResult = HttpOk | HttpFail

export interface HttpEvent {
  method: Method
  host: string
  path: string
  status?: number
  failure?: string
  attempt: number
  ms: number
}

/** One debug line per request attempt: method, host, path, answer and time; never a header or a body. */
export function describeHttpEvent(e: HttpEvent): string {
  return `${e.method} ${e.host}${e.path} → ${e.status ?? e.failure} (${e.ms} ms, attempt ${e.attempt})`
}

export interface HttpClientOptions {
  deadline: Deadline
  trustedOrigins: Set<string>
  userAgent: string
  maxBodyBytes?: number
  defaultTimeoutMs?: number
  maxAttempts?: number
  retryBaseMs?: number
  retryCapMs?: number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
  onEvent?: (e: HttpEvent) => void
  /**
   * Applied to every answer's body and header values as they arrive, before anything parses or quotes them: a
   * server that echoes a credential hands the rest of the run `***`, so later shortening can never cut a secret.
   */
  redact?: (text: string) => string
  /** Where proxy settings are read (HTTPS_PROXY, HTTP_PROXY, NO_PROXY); the process environment by default. */
  env?: NodeJS.ProcessEnv
  /** The resolver's servers for test-only names (net/test-hooks.ts), never from a user input. */
  lookup?: LookupOptions
}

export class HttpClient {
  readonly deadline: Deadline
  private readonly dispatchers: Dispatchers
  private readonly opts: Required<Omit<HttpClientOptions, 'onEvent' | 'deadline' | 'env' | 'lookup'>> &
    Pick<HttpClientOptions, 'onEvent'>

  constructor(options: HttpClientOptions) {
    this.deadline = options.deadline
    this.opts = {
      trustedOrigins: options.trustedOrigins,
      userAgent: options.userAgent,
      maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
      defaultTimeoutMs: options.defaultTimeoutMs ?? 15_000,
      maxAttempts: options.maxAttempts ?? 4,
      retryBaseMs: options.retryBaseMs ?? 250,
      retryCapMs: options.retryCapMs ?? 4000,
      sleep: options.sleep ?? defaultSleep,
      random: options.random ?? Math.random,
      onEvent: options.onEvent,
      redact: options.redact ?? (t => t)
    }
    this.dispatchers = new Dispatchers({
      signal: options.deadline.signal,
      remainingMs: () => options.deadline.remainingMs(),
      env: options.env ?? process.env,
      lookup: options.lookup
    })
  }

  /** The dispatcher for `url` (a proxy's, or one whose name lookups end with the deadline), or Node's own. */
  dispatcherFor(url: URL): Promise<Dispatcher | undefined> {
    return this.dispatchers.for(url)
  }

  async close(): Promise<void> {
    await this.dispatchers.close()
  }

  async request(req: HttpRequest): Promise<HttpResult> {
    const started = Date.now()
    let url = new URL(req.url)
    const host = url.host
    const fail = (f: NetFailure, attempts: number): HttpFail => ({
      ok: false,
      ...f,
      attempts,
      durationMs: Date.now() - started
    })

    if (req.credentialed && !mayCarryCredentials(url.toString(), this.opts.trustedOrigins)) {
      return fail(
        { kind: 'untrusted', message: `credentials are never sent to ${host}: it is not a trusted endpoint` },
        0
      )
    }
    const maxAttempts = Math.max(1, req.maxAttempts ?? this.opts.maxAttempts)
    let redirects = 0
    let last: HttpResult | undefined
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.once(req, url, attempt)
      last =
        outcome.kind === 'fail'
          ? fail(outcome.failure, attempt)
          : { ...outcome.response, attempts: attempt, durationMs: Date.now() - started }

      if (outcome.kind === 'ok') {
        const r = outcome.response
        if (r.status >= 300 && r.status < 400 && r.headers['location']) {
          let target: URL | undefined
          try {
            target = new URL(r.headers['location'], url)
          } catch {
            target = undefined
          }
          const allowed =
            target &&
            !req.credentialed &&
            req.followRedirects &&
            redirects < 3 &&
            (target.protocol === 'https:' || isLoopbackHost(target.hostname))
          if (allowed && target) {
            redirects++
            url = target
            attempt--
            continue
          }
          const where = target ? target.origin : 'an invalid location'
          return fail(
            {
              kind: 'redirect',
              message: `${host} answered with a redirect (HTTP ${r.status}) to ${where}${req.credentialed ? '; credentials are never sent across a redirect' : ''}`,
              location: target?.origin
            },
            attempt
          )
        }
        const retryable = r.status === 429 || (req.idempotent && RETRYABLE_STATUS.has(r.status))
        if (!retryable || attempt >= maxAttempts) return last
        const retryAfter = parseRetryAfter(r.headers['retry-after'])
        const wait = Math.max(
          retryAfter !== undefined ? retryAfter * 1000 : 0,
          backoffMs(attempt - 1, this.opts.retryBaseMs, this.opts.retryCapMs, this.opts.random)
        )
        if (wait + 50 > this.deadline.remainingMs()) return { ...(last as HttpOk), retryAfterS: retryAfter }
        if (!(await this.pause(wait))) return last
        continue
      }
      const f = outcome.failure
      const retryable =
        req.idempotent &&
        ['timeout', 'refused', 'reset', 'network', 'dns'].includes(f.kind) &&
        f.kind !== 'dns'
      if (!retryable || attempt >= maxAttempts) return last
      const wait = backoffMs(attempt - 1, this.opts.retryBaseMs, this.opts.retryCapMs, this.opts.random)
      if (wait + 50 > this.deadline.remainingMs()) return last
      if (!(await this.pause(wait))) return last
    }
  }

  private async pause(ms: number): Promise<boolean> {
    try {
      await this.opts.sleep(ms, this.deadline.signal)
      return true
    } catch {
      return false
    }
  }

  private async once(
    req: HttpRequest,
    url: URL,
    attempt: number
  ): Promise<
    { kind: 'ok'; response: Omit<HttpOk, 'attempts' | 'durationMs'> } | { kind: 'fail'; failure: NetFailure }
  > {
    const t0 = Date.now()
    const host = url.host
    const event = (e: Partial<HttpEvent>) =>
      this.opts.onEvent?.({
        method: req.method,
        host,
        path: url.pathname,
        attempt,
        ms: Date.now() - t0,
        ...e
      })
    if (this.deadline.expired) {
      const failure = describeError(undefined, host, false, true)
      event({ failure: failure.kind })
      return { kind: 'fail', failure }
    }
    const timeoutMs = Math.min(req.timeoutMs ?? this.opts.defaultTimeoutMs, this.deadline.remainingMs())
    const attemptTimeout = new AbortController()
    const timer = setTimeout(() => attemptTimeout.abort(new Error('attempt timeout')), timeoutMs)
    const signal = AbortSignal.any([this.deadline.signal, attemptTimeout.signal])
    const init: TransportInit = {
      method: req.method,
      headers: { 'user-agent': this.opts.userAgent, ...req.headers },
      body: req.body,
      signal,
      dispatcher: await this.dispatcherFor(url),
      redirect: 'manual'
    }
    try {
      const transport: Transport = req.transport ?? ((u, i) => fetch(u, i as unknown as RequestInit))
      const res = await transport(url.toString(), init)
      const headers: Record<string, string> = {}
      res.headers.forEach((v, k) => {
        headers[k.toLowerCase()] = this.opts.redact(v)
      })
      const raw = await readBounded(res, this.opts.maxBodyBytes)
      const read = raw === 'too-large' ? raw : this.opts.redact(raw)
      if (read === 'too-large') {
        const failure: NetFailure = {
          kind: 'too-large',
          message: `the answer from ${host} was larger than ${Math.round(this.opts.maxBodyBytes / 1024)} KiB and was not read`
        }
        event({ status: res.status, failure: failure.kind })
        return { kind: 'fail', failure }
      }
      event({ status: res.status })
      return {
        kind: 'ok',
        response: { ok: true, status: res.status, headers, body: read, json: parseJson(read) }
      }
    } catch (err) {
      const failure = describeError(
        err,
        host,
        attemptTimeout.signal.aborted && !this.deadline.expired,
        this.deadline.expired
      )
      event({ failure: failure.kind })
      return { kind: 'fail', failure }
    } finally {
      clearTimeout(timer)
    }
  }
}

async function readBounded(res: Response, max: number): Promise<string | 'too-large'> {
  const declared = Number(res.headers.get('content-length') ?? NaN)
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => undefined)
    return 'too-large'
  }
  if (!res.body) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => undefined)
      return 'too-large'
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function parseJson(text: string): unknown {
  const t = text.trim()
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined
  try {
    return JSON.parse(t)
  } catch {
    return undefined
  }
}
