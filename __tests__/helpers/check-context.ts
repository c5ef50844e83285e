/**
 * A CheckContext for unit tests of one check, with no process, no sandbox and no socket. The HTTP layer is a stub
 * whose `request` answers canned `HttpResult`s keyed by method and path, so the real AtlasClient, TokenProvider
 * and AtlasCloudClient (memoization, paging, classification, token caching) run on top of it. The config comes from
 * `parseConfig` of raw inputs (a typo in a test's inputs fails loudly), `now` is fixed, and the results of other
 * checks are given directly, as the runner would pass them through `ctx.result`.
 */
import { parseConfig, atlasAuthMethod, type Config, type RawInputs } from '../../src/config/config.js'
import type { HttpClient, HttpFail, HttpOk, HttpRequest, HttpResult } from '../../src/http/client.js'
import type { FailureKind } from '../../src/http/errors.js'
import type { Deadline } from '../../src/http/deadline.js'
import { TokenProvider } from '../../src/atlas/auth/oauth.js'
import { DigestSession } from '../../src/atlas/auth/digest.js'
import { AtlasClient } from '../../src/atlas/client.js'
import { AtlasCloudClient } from '../../src/atlascloud/client.js'
import { ManagementClient } from '../../src/atlascloud/management.js'
import { ModelHostClient } from '../../src/voyage/client.js'
import { Redactor } from '../../src/trust/redact.js'
import { type Finding, type Severity } from '../../src/core/finding.js'
import { checkStatus, type CheckStatus } from '../../src/core/policy.js'
import { type CheckId } from '../../src/core/check-ids.js'
import { secretsCheck } from '../../src/checks/secrets.js'
import type { Check, CheckContext, CheckOutcome, CheckResult } from '../../src/check-support/check.js'
import type { Services } from '../../src/services.js'
import { BearerAuth, DigestAuth } from '../../src/atlas/auth/authorizer.js'

// ---------------------------------------------------------------------------------------------------------------
// Credentials of the right shapes (they pass the secrets check).

export const ORG_ID = '65a1b2c3d4e5f60718293a40'
export const PROJECT_ID = '65a1b2c3d4e5f60718293a41'
export const PUBLIC_KEY = 'abcdwxyz'
export const PRIVATE_KEY = '12345678-abcd-4ef0-9876-0123456789ab'
export const CLIENT_ID = 'mdb_sa_id_65a1b2c3d4e5f60718293a51'
export const CLIENT_SECRET = 'mdb_sa_sk_Zq8Lm3Np5Rt7Vx9Bd2Fh4Jk6Mn8Pq0Rs2'
export const AI_KEY = 'apikey-0123456789abcdefghij'
/** An Atlas model API key of the spec's shape (`al-` + 43 characters); its last four are `odu2`. */
export const MODEL_KEY = 'al-Qx7Lm2Np4Rt6Vx8Bd1Fh3Jk5Mn7Pq9Rs0Tu2Wy4odu2'
export const MANAGEMENT_KEY = 'mgmt-0123456789abcdefghijklmnop'

export const API_KEY_INPUTS = { 'atlas-public-key': PUBLIC_KEY, 'atlas-private-key': PRIVATE_KEY }
export const SERVICE_ACCOUNT_INPUTS = { 'atlas-client-id': CLIENT_ID, 'atlas-client-secret': CLIENT_SECRET }
export const AI_INPUTS = { 'ai-api-key': AI_KEY }

/** The fixed "now" of every context unless a test gives its own. */
export const NOW = new Date('2025-06-01T12:00:00.000Z')

// ---------------------------------------------------------------------------------------------------------------
// Canned answers.

/** A JSON answer as the HTTP layer returns it. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpOk {
  return {
    ok: true,
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    json: body,
    attempts: 1,
    durationMs: 1
  }
}

/** A non-JSON answer (a proxy page, a plain-text echo service). */
export function text(status: number, body: string, headers: Record<string, string> = {}): HttpOk {
  return {
    ok: true,
    status,
    headers: { 'content-type': 'text/plain', ...headers },
    body,
    json: undefined,
    attempts: 1,
    durationMs: 1
  }
}

/** An Atlas Administration API error envelope. */
export function atlasError(
  status: number,
  errorCode?: string,
  extra: { detail?: string; parameters?: unknown[]; headers?: Record<string, string> } = {}
): HttpOk {
  return json(
    status,
    {
      error: status,
      reason: 'Error',
      ...(errorCode ? { errorCode } : {}),
      ...(extra.detail ? { detail: extra.detail } : {}),
      ...(extra.parameters ? { parameters: extra.parameters } : {})
    },
    extra.headers
  )
}

/** No HTTP answer at all. */
export function netFail(kind: FailureKind, message: string): HttpFail {
  return { ok: false, kind, message, attempts: 1, durationMs: 1 }
}

export const TOKEN = 'eyJ.test-access-token.sig'
export const TOKEN_OK = json(200, { access_token: TOKEN, expires_in: 3600, token_type: 'Bearer' })

// ---------------------------------------------------------------------------------------------------------------
// The shared Atlas failures (src/checks/atlas-failures.ts): the answer that provokes each, by the id's last part.

/** The address Atlas reports in the canned access-list 403. */
export const BLOCKED_IP = '203.0.113.7'

interface AtlasFailureCase {
  /** Which credential the answer needs (a Digest 401 is `bad-api-key`; a Bearer 401 is `token-rejected`). */
  method: 'api-key' | 'service-account' | 'either'
  /** Answer the token endpoint with this instead of the read. */
  token?: HttpResult
  reply?: HttpResult
  /** A fact the finding's `seen` must mention. */
  fact: string
}

const ATLAS_FAILURES: Record<string, AtlasFailureCase> = {
  'atlas-unreachable': {
    method: 'either',
    reply: netFail('refused', 'cloud.mongodb.com refused the connection'),
    fact: 'refused'
  },
  'api-version': { method: 'either', reply: atlasError(406, 'INVALID_VERSION_DATE'), fact: '406' },
  'atlas-rate-limited': { method: 'either', reply: atlasError(429, 'RATE_LIMITED'), fact: '429' },
  'atlas-unavailable': { method: 'either', reply: atlasError(503, 'SERVICE_UNAVAILABLE'), fact: '503' },
  'bad-api-key': {
    method: 'api-key',
    reply: atlasError(401, undefined, { headers: { 'www-authenticate': 'Digest realm="MMS Public API"' } }),
    fact: '401'
  },
  'bad-client-credentials': {
    method: 'service-account',
    token: json(401, { error: 'invalid_client', error_description: 'bad secret' }),
    fact: 'invalid_client'
  },
  'token-rejected': { method: 'service-account', reply: atlasError(401), fact: '401' },
  'missing-role': {
    method: 'either',
    reply: atlasError(401, 'USER_UNAUTHORIZED'),
    fact: 'USER_UNAUTHORIZED'
  },
  'not-found': { method: 'either', reply: atlasError(404, 'RESOURCE_NOT_FOUND'), fact: 'RESOURCE_NOT_FOUND' },
  'ip-not-allowed': {
    method: 'either',
    reply: atlasError(403, 'IP_ADDRESS_NOT_ON_ACCESS_LIST', { parameters: [BLOCKED_IP] }),
    fact: 'IP_ADDRESS_NOT_ON_ACCESS_LIST'
  },
  forbidden: { method: 'either', reply: atlasError(403, 'CANNOT_USE_THIS_FEATURE'), fact: '403' },
  'unexpected-response': { method: 'either', reply: text(200, '<html>portal</html>'), fact: 'HTTP 200' }
}

/**
 * Inputs and routes that make the read at `route` (e.g. `GET /api/atlas/v2/groups`) fail so that the check raises
 * the shared finding `id` (e.g. `atlas-read/api-version`), and a fact its `seen` must mention. `inputs` are the
 * credential the failure needs; `prefer` picks one when either will do.
 */
export function atlasFailure(
  id: string,
  route: string,
  prefer: 'api-key' | 'service-account' = 'api-key'
): { inputs: RawInputs; routes: Routes; fact: string } {
  const kind = id.split('/')[1] ?? ''
  const c = ATLAS_FAILURES[kind]
  if (!c) throw new Error(`no canned Atlas failure for ${id}`)
  const method = c.method === 'either' ? prefer : c.method
  const routes: Routes = {}
  if (c.token) routes['POST /api/oauth/token'] = c.token
  if (c.reply) routes[route] = c.reply
  return {
    inputs: method === 'api-key' ? API_KEY_INPUTS : SERVICE_ACCOUNT_INPUTS,
    routes,
    fact: c.fact
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The stub HTTP layer.

export type Route = HttpResult | ((req: HttpRequest) => HttpResult | Promise<HttpResult>)
/** Keyed `METHOD /path` (any host, query ignored) or `METHOD https://host/path` (that host only). */
export type Routes = Record<string, Route>

/** Deadline stand-in the test controls: `expire()` aborts it at once. */
export interface TestDeadline {
  deadline: Deadline
  expire(): void
}

export function testDeadline(remainingMs = 30_000): TestDeadline {
  const controller = new AbortController()
  const fake = {
    ms: remainingMs,
    endsAt: NOW.getTime() + remainingMs,
    get signal() {
      return controller.signal
    },
    get expired() {
      return controller.signal.aborted
    },
    remainingMs: () => (controller.signal.aborted ? 0 : remainingMs),
    dispose: () => undefined
  }
  return {
    deadline: fake as unknown as Deadline,
    expire: () => {
      const e = new Error("the preflight's deadline passed")
      e.name = 'DeadlineExceeded'
      controller.abort(e)
    }
  }
}

export class StubHttp {
  readonly calls: HttpRequest[] = []
  /** Requests no route answered (they get a network failure). */
  readonly unrouted: string[] = []

  constructor(
    private readonly routes: Routes,
    readonly deadline: Deadline
  ) {}

  /** The stub opens no connection ahead of its requests. */
  warm(): void {}

  async request(req: HttpRequest): Promise<HttpResult> {
    this.calls.push(req)
    const u = new URL(req.url)
    const route =
      this.routes[`${req.method} ${u.origin}${u.pathname}`] ?? this.routes[`${req.method} ${u.pathname}`]
    if (!route) {
      this.unrouted.push(`${req.method} ${u.origin}${u.pathname}`)
      return netFail('refused', `no stub answers ${req.method} ${u.host}${u.pathname}`)
    }
    return typeof route === 'function' ? route(req) : route
  }

  /** `METHOD /path` of every request made, in order (query left out). */
  paths(): string[] {
    return this.calls.map(c => `${c.method} ${new URL(c.url).pathname}`)
  }

  close(): Promise<void> {
    return Promise.resolve()
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The context.

export interface ContextOptions {
  /** Raw action inputs, as `parseConfig` takes them; they must parse without an error. */
  inputs?: RawInputs
  routes?: Routes
  /** Results of other checks, as the runner passes them; missing fields get harmless defaults. */
  results?: Partial<Record<CheckId, Partial<CheckResult>>>
  /** Run the real secrets check on the inputs and pass its result (for the "values have errors" skips). */
  withSecrets?: boolean
  now?: Date
  env?: Record<string, string | undefined>
  deadline?: TestDeadline
}

export interface TestContext {
  ctx: CheckContext
  config: Config
  services: Services
  http: StubHttp
}

export function parseInputs(inputs: RawInputs): Config {
  const { config, findings } = parseConfig(inputs)
  const bad = findings.filter(f => f.severity === 'error')
  if (bad.length > 0) throw new Error(`test inputs do not parse: ${bad.map(f => f.id).join(', ')}`)
  return config
}

/** Services as `buildServices` makes them, on the stub HTTP layer. */
export function stubServices(config: Config, http: StubHttp, now: Date): Services {
  const client = http as unknown as HttpClient
  const redactor = new Redactor()
  const onSecret = (s: string) => redactor.add(s)
  const services: Services = { http: client, redactor, onSecret }
  const method = atlasAuthMethod(config)
  if (method === 'service-account') {
    services.tokens = new TokenProvider(
      client,
      config.atlas.baseUrl,
      config.atlas.clientId!,
      config.atlas.clientSecret!,
      onSecret,
      () => now.getTime()
    )
    services.atlas = new AtlasClient(client, config.atlas.baseUrl, new BearerAuth(services.tokens))
  } else if (method === 'api-key') {
    services.digest = new DigestSession(config.atlas.publicKey!, config.atlas.privateKey!)
    services.atlas = new AtlasClient(client, config.atlas.baseUrl, new DigestAuth(services.digest))
  }
  if (config.ai.apiKey !== undefined)
    services.ai = new AtlasCloudClient(client, config.ai.baseUrl, config.ai.apiKey, () => now)
  if (config.ai.managementKey !== undefined)
    services.management = new ManagementClient(client, config.ai.baseUrl, config.ai.managementKey, () => now)
  if (config.model.apiKey !== undefined && config.model.proof)
    services.model = new ModelHostClient(client, config.model.baseUrl, config.model.apiKey)
  return services
}

export function resultOf(id: CheckId, r: Partial<CheckResult>): CheckResult {
  const findings = r.findings ?? []
  return {
    id,
    title: id,
    status: r.status ?? checkStatus(findings),
    findings,
    data: r.data ?? {},
    outputs: r.outputs ?? {},
    durationMs: 0,
    ...(r.skipReason !== undefined ? { skipReason: r.skipReason } : {}),
    ...(r.skipKind !== undefined ? { skipKind: r.skipKind } : {})
  }
}

export async function checkContext(options: ContextOptions = {}): Promise<TestContext> {
  const config = parseInputs(options.inputs ?? {})
  const now = options.now ?? NOW
  const routes: Routes = { ...options.routes }
  // A service account's reads each wait for a token: mint one unless the test answers the token endpoint itself.
  if (atlasAuthMethod(config) === 'service-account' && !('POST /api/oauth/token' in routes))
    routes['POST /api/oauth/token'] = TOKEN_OK
  const http = new StubHttp(routes, (options.deadline ?? testDeadline()).deadline)
  const services = stubServices(config, http, now)
  const results = new Map<CheckId, CheckResult>()
  for (const [id, r] of Object.entries(options.results ?? {}) as [CheckId, Partial<CheckResult>][])
    results.set(id, resultOf(id, r))
  const base = {
    config,
    services,
    signal: http.deadline.signal,
    now: () => now,
    env: options.env ?? {}
  }
  const ctx: CheckContext = {
    ...base,
    result: <D>(id: CheckId) => results.get(id) as CheckResult<D> | undefined
  }
  if (options.withSecrets) results.set('secrets', resultOf('secrets', await secretsCheck.run(ctx)))
  return { ctx, config, services, http }
}

/** Run one check in a stub context. */
export async function runCheck<D>(
  check: Check<D>,
  options: ContextOptions = {}
): Promise<TestContext & { outcome: CheckOutcome<D> }> {
  const t = await checkContext(options)
  // As the runner does: the check's gate first (a reason not to run, from its needs' results), then the check.
  const gated = check.gate?.(t.ctx)
  const outcome: CheckOutcome<D> =
    gated !== undefined ? { findings: [], skipped: gated } : await check.run(t.ctx)
  return { ...t, outcome }
}

// ---------------------------------------------------------------------------------------------------------------
// What a user sees of an outcome.

export type IdSeverity = [id: string, severity: Severity]

/** The error and warning findings, as [id, severity]. */
export function problems(outcome: { findings: readonly Finding[] }): IdSeverity[] {
  return outcome.findings.filter(f => f.severity !== 'notice').map(f => [f.id, f.severity])
}

/** Every finding, as [id, severity]. */
export function idsOf(outcome: { findings: readonly Finding[] }): IdSeverity[] {
  return outcome.findings.map(f => [f.id, f.severity])
}

/** The status the runner gives this outcome (a skip with findings keeps their status). */
export function statusOf(outcome: CheckOutcome<unknown>): CheckStatus {
  if (outcome.skipped !== undefined && outcome.findings.length === 0) return 'skipped'
  return checkStatus(outcome.findings)
}

/** Every `seen` of the outcome, in one string. */
export function seenOf(outcome: { findings: readonly Finding[] }): string {
  return outcome.findings.map(f => f.seen).join('\n')
}
