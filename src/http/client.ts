/**
 * The one HTTP layer every check shares: keep-alive, HTTPS_PROXY/NO_PROXY through undici's EnvHttpProxyAgent
 * (loopback always direct), a timeout per attempt inside the global deadline, retries with backoff and jitter for
 * network errors and 5xx on idempotent requests, Retry-After honoured on 429 and 503, bounded bodies, credentials
 * only to trusted origins, and no credential ever following a redirect. TLS is always verified.
 *
 * A request goes on the wire chosen by wire.ts: Node's own HTTP client straight to the server (direct.ts), or
 * undici's proxy agent (proxied.ts); both resolve names with a lookup that ends with the deadline (lookup.ts; the
 * system's getaddrinfo cannot be abandoned) and read the answer whole and bounded (answer.ts).
 */
import { isLoopbackHost, mayCarryCredentials } from './trust.js'
import { Deadline, sleep as defaultSleep } from './deadline.js'
import { describeError, type NetFailure } from './errors.js'
import { RETRYABLE_STATUS, backoffMs, parseRetryAfter } from './retry.js'
import { Wire } from './wire.js'
import type { Answer, Method, Send, SendInit } from './answer.js'
import type { LookupOptions } from './lookup.js'

export type { Method } from './answer.js'

/**
 * Sends one attempt in place of the plain wire (the Digest session's), given the attempt's request and the wire's
 * `send` to build on.
 */
export type Transport = (url: URL, init: SendInit, send: Send) => Promise<Answer>

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
  private readonly wire: Wire
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
    this.wire = new Wire({
      signal: options.deadline.signal,
      remainingMs: () => options.deadline.remainingMs(),
      env: options.env ?? process.env,
      lookup: options.lookup
    })
  }

  async close(): Promise<void> {
    await this.wire.close()
  }

  /**
   * `expected` requests to `url`'s origin are on their way: their connections are opened now (see warm-agent.ts), so
   * a burst released by one answer (the token, the Digest challenge) goes out at once. Never sends anything.
   */
  warm(url: string, expected: number): void {
    // Only where the calls may go, and only while they still may: an origin that may not carry credentials gets no
    // connection ahead of its refusal, and nothing is opened after the deadline.
    if (this.deadline.expired || !mayCarryCredentials(url, this.opts.trustedOrigins)) return
    try {
      this.wire.warm(new URL(url), expected)
    } catch {
      // An invalid URL: the request itself will say so.
    }
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
    const init: SendInit = {
      method: req.method,
      headers: { 'user-agent': this.opts.userAgent, ...req.headers },
      ...(req.body !== undefined ? { body: req.body } : {}),
      signal,
      maxBodyBytes: this.opts.maxBodyBytes
    }
    try {
      const answer = req.transport
        ? await req.transport(url, init, this.wire.send)
        : await this.wire.send(url, init)
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(answer.headers)) headers[k] = this.opts.redact(v)
      if (answer.body === 'too-large') {
        const failure: NetFailure = {
          kind: 'too-large',
          message: `the answer from ${host} was larger than ${Math.round(this.opts.maxBodyBytes / 1024)} KiB and was not read`
        }
        event({ status: answer.status, failure: failure.kind })
        return { kind: 'fail', failure }
      }
      const read = this.opts.redact(answer.body)
      event({ status: answer.status })
      return {
        kind: 'ok',
        response: { ok: true, status: answer.status, headers, body: read, json: parseJson(read) }
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

function parseJson(text: string): unknown {
  const t = text.trim()
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined
  try {
    return JSON.parse(t)
  } catch {
    return undefined
  }
}
