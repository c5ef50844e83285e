/**
 * Running the bundled action (dist/index.js, through scripts/runner-harness.js exactly as the runner runs it)
 * against hostile servers: a sandbox world with its own secrets behind scriptable fronts, a run wrapper that also
 * collects the `report-path` file and the parsed report, and a small pool so a 2-core machine is not flooded.
 */
import { expect } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox } from '../../sandbox/index.js'
import { runAction } from '../../scripts/runner-harness.js'
import { startFront, type Closable, type Front, type Rule } from './hostile-server.js'

/** Credentials of the hostile world: random-looking, so any 8-character fragment of one is unmistakable. */
export const KEYS = {
  publicKey: 'hstlpubk',
  privateKey: 'e7c94b21-5d3a-4f86-b0e2-9a1c7d3f5b48',
  apiKeyId: '65a1b2c3d4e5f60718293a50',
  clientId: 'mdb_sa_id_65a1b2c3d4e5f60718293a51',
  clientSecret: 'mdb_sa_sk_Qz7Rw2Lp9Xv4Tn6Bk8Hs3Jd5Fg1Ym0UcWe',
  aiKey: 'apikey-R8f2Kq7Lw3Nz9Vx4Tb6Hm1Pc5Sd0Gj'
} as const

export const ORG_ID = '65a1b2c3d4e5f60718293a4b'
export const PROJECT_ID = '65a1b2c3d4e5f60718293a4c'

/** The sandbox's healthy world with the keys above. */
export function hostileScenario(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    extends: 'healthy',
    atlas: {
      apiKeys: [
        {
          id: KEYS.apiKeyId,
          publicKey: KEYS.publicKey,
          privateKey: KEYS.privateKey,
          desc: 'ci-deploy',
          roles: [
            { orgId: ORG_ID, roleName: 'ORG_MEMBER' },
            { groupId: PROJECT_ID, roleName: 'GROUP_READ_ONLY' }
          ],
          accessList: ['203.0.113.10/32']
        }
      ],
      serviceAccounts: [
        {
          clientId: KEYS.clientId,
          name: 'ci-deploy',
          roles: ['ORG_MEMBER', 'ORG_READ_ONLY'],
          projectRoles: { [PROJECT_ID]: ['GROUP_READ_ONLY'] },
          secrets: [{ id: '65a1b2c3d4e5f60718293a52', secret: KEYS.clientSecret, expiresInDays: 180 }],
          accessList: ['203.0.113.10/32']
        }
      ]
    },
    ai: { keys: [{ key: KEYS.aiKey, canReadBalance: true, revoked: false }] },
    action: {
      inputs: {
        'atlas-client-id': KEYS.clientId,
        'atlas-client-secret': KEYS.clientSecret,
        'atlas-project-id': PROJECT_ID,
        'ai-api-key': KEYS.aiKey,
        'warn-credits': '25',
        'min-credits': '5'
      }
    },
    ...extra
  }
}

/** Secret inputs of the hostile world that are identifiers rather than secrets (masked all the same). */
export const MASKABLE = [KEYS.publicKey, KEYS.clientId]

/** Inputs that switch a run to the API key pair. */
export const API_KEY_INPUTS = {
  'atlas-public-key': KEYS.publicKey,
  'atlas-private-key': KEYS.privateKey,
  'atlas-client-id': '',
  'atlas-client-secret': ''
}

export interface World extends Closable {
  sandbox: Awaited<ReturnType<typeof startSandbox>>
  atlas: Front
  ai: Front
  echo: Front
  inputs(extra?: Record<string, string>): Record<string, string>
  /** Every secret of the run: the secret inputs and every token the sandbox minted. */
  secrets(): string[]
  /** What the action may legitimately mask: every secret input value (ids included) and every minted token. */
  masked(extra?: string[]): string[]
}

/** The sandbox behind three fronts (Atlas, Atlas Cloud AI, IP echo), each with its own rules. */
export async function startWorld(
  opts: {
    scenario?: string | Record<string, unknown>
    atlas?: Rule[]
    ai?: Rule[]
    echo?: Rule[]
  } = {}
): Promise<World> {
  const sandbox = await startSandbox({ scenario: opts.scenario ?? hostileScenario() })
  const svc = sandbox.services as unknown as Record<
    'atlas' | 'ai' | 'echo',
    { route(m: string, p: string): string }
  >
  const atlas = await startFront({
    upstream: sandbox.atlasUrl,
    routeOf: (m, p) => svc.atlas.route(m, p),
    rules: opts.atlas
  })
  const ai = await startFront({
    upstream: sandbox.aiUrl,
    routeOf: (m, p) => svc.ai.route(m, p),
    rules: opts.ai
  })
  const echo = await startFront({
    upstream: sandbox.echoUrl,
    routeOf: (m, p) => svc.echo.route(m, p),
    rules: opts.echo
  })
  const echoUrls = sandbox.echoUrls.map((u: string) => u.replace(sandbox.echoUrl, echo.url))
  const secrets = () => [
    KEYS.privateKey,
    KEYS.clientSecret,
    KEYS.aiKey,
    ...sandbox.services.atlas.tokens.keys()
  ]
  return {
    sandbox,
    atlas,
    ai,
    echo,
    inputs(extra = {}) {
      return sandbox.inputs({
        'atlas-base-url': atlas.url,
        'ai-base-url': ai.url,
        'ip-echo-urls': echoUrls.join('\n'),
        ...extra
      }) as Record<string, string>
    },
    secrets,
    masked(extra = []) {
      return [...MASKABLE, ...secrets(), ...extra]
    },
    async close() {
      await Promise.all([atlas.close(), ai.close(), echo.close()])
      await sandbox.stop()
    }
  }
}

export interface Finding {
  id: string
  check: string
  severity: string
  title: string
  seen: string
  fix: string
}

export type RunResult = Awaited<ReturnType<typeof runAction>> & {
  /** The `report-path` file as written, if it was. */
  reportFile?: string
  /** The `report` output, parsed (undefined when missing or not JSON). */
  report?: { status: string; exitCode: number; checks: { id: string; status: string; findings: Finding[] }[] }
  findings: Finding[]
}

/**
 * One run of dist/index.js with a `report-path` in a private directory. HOSTILE_ENTRY (a path to another bundle's
 * index.js, e.g. an older dist/) runs the suite against that bundle instead.
 */
export async function hostileRun(
  inputs: Record<string, string>,
  opts: { env?: Record<string, string>; timeoutMs?: number } = {}
): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-preflight-hostile-'))
  const reportPath = join(dir, 'report.json')
  try {
    const r = await runAction(
      { 'report-path': reportPath, ...inputs },
      {
        env: { RUNNER_DEBUG: '1', ...opts.env },
        timeoutMs: opts.timeoutMs ?? 90_000,
        ...(process.env['HOSTILE_ENTRY'] ? { entry: process.env['HOSTILE_ENTRY'] } : {})
      }
    )
    const reportFile = existsSync(reportPath) ? readFileSync(reportPath, 'utf8') : undefined
    let report: RunResult['report']
    try {
      report = JSON.parse(r.outputs['report'] ?? '')
    } catch {
      report = undefined
    }
    const findings = report?.checks?.flatMap(c => c.findings ?? []) ?? []
    return { ...r, reportFile, report, findings }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** At most `n` tasks at once. */
export function pool(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0
  const waiting: (() => void)[] = []
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>(r => waiting.push(r))
    active++
    try {
      return await task()
    } finally {
      active--
      waiting.shift()?.()
    }
  }
}

/** `expect(actual).toEqual(expected)`, with the run's stdout and stderr added to the failure message. */
export function expectRun(r: RunResult, actual: unknown, expected: unknown): void {
  try {
    expect(actual).toEqual(expected)
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n\n${describeRun(r)}`)
  }
}

/** A short description of a run for failure messages. */
export function describeRun(r: RunResult): string {
  return `exit ${r.exitCode} in ${r.wallMs} ms; status=${r.outputs['status']}\n--- stdout ---\n${r.stdout.slice(-4000)}\n--- stderr ---\n${r.stderr.slice(-2000)}`
}
