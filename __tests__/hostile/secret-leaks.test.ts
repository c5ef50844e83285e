/**
 * Issue 11, promise 2: no fragment of a secret leaves. Hostile servers echo the credential back (the token
 * endpoint's 400 `error` = the client secret, the AI 401 `message` = the AI key, an Atlas 500 `detail` = the access
 * token or the private key) raw, percent-encoded, base64, cut (minus its last 2 characters) and inside padding
 * that puts it across every display cut (60, 120, 300 characters). No substring of 8+ characters of a secret (half
 * of a short one) may reach stdout (the action's own `::add-mask::` lines aside, `::debug::` lines included),
 * stderr, GITHUB_OUTPUT, the job summary, the `report` output or the `report-path` file.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { leaksIn, publicPrefix } from '../helpers/hostile-checks.js'
import {
  API_KEY_INPUTS,
  KEYS,
  expectRun,
  hostileRun,
  pool,
  startWorld,
  type RunResult
} from '../helpers/hostile-run.js'
import { Servers, type Rule } from '../helpers/hostile-server.js'

const servers = new Servers()
afterAll(() => servers.closeAll())
const limit = pool(2)
const TEST_TIMEOUT = 150_000

/** The secret inside 400 characters of padding, placed so a cut at `limit` keeps 12 characters past its prefix. */
const across = (limit: number) => (s: string) => {
  const lead = Math.max(0, limit - 1 - publicPrefix(s).length - 12)
  return `${'p'.repeat(lead)}${s}${'q'.repeat(Math.max(0, 400 - lead - s.length))}`
}

/** How a hostile server echoes a secret. */
const FORMS: [string, (s: string) => string][] = [
  ['raw', s => s],
  [
    'percent-encoded',
    s => [...Buffer.from(s)].map(b => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')
  ],
  ['base64', s => Buffer.from(s).toString('base64')],
  ['cut (minus its last 2 characters)', s => s.slice(0, -2)],
  ['padded across a 60-character cut', across(60)],
  ['padded across a 120-character cut', across(120)],
  ['padded across a 300-character cut', across(300)]
]

const bearerOf = (auth: string | undefined) => /^Bearer\s+(.+)$/i.exec(auth ?? '')?.[1] ?? ''

/** One run through the hostile world; the world is closed before the assertions. */
async function leakRun(rules: { atlas?: Rule[]; ai?: Rule[] }, extra: Record<string, string> = {}) {
  return limit(async () => {
    const world = servers.add(await startWorld(rules))
    try {
      const r = await hostileRun(world.inputs(extra))
      return { r, secrets: world.secrets() }
    } finally {
      await world.close()
    }
  })
}

function expectNoLeak(r: RunResult, secrets: string[]) {
  expectRun(
    r,
    { leaks: leaksIn(r, secrets), statusSet: !!r.outputs['status'] },
    { leaks: [], statusSet: true }
  )
}

describe.each(FORMS)('a server echoes the secret: %s', (_name, form) => {
  it.concurrent(
    'token endpoint 400 `error` = the client secret; AI 401 `message` = the AI key',
    async () => {
      const { r, secrets } = await leakRun({
        atlas: [
          {
            route: 'atlas.token',
            reply: () => ({
              status: 400,
              body: { error: form(KEYS.clientSecret), error_description: form(KEYS.clientSecret) }
            })
          }
        ],
        ai: [
          {
            route: 'ai.balance',
            reply: () => ({
              status: 401,
              body: {
                error: { type: 'authentication_error', code: 'invalid_api_key', message: form(KEYS.aiKey) },
                request_id: 'req_1'
              }
            })
          }
        ]
      })
      expectNoLeak(r, secrets)
    },
    TEST_TIMEOUT
  )

  it.concurrent(
    'Atlas 500 `detail` = the service account access token',
    async () => {
      const { r, secrets } = await leakRun({
        atlas: [
          {
            route: 'atlas.groups',
            reply: x => ({
              status: 500,
              body: {
                error: 500,
                errorCode: 'UNEXPECTED_ERROR',
                reason: 'Internal Server Error',
                detail: form(bearerOf(x.req.headers.authorization))
              }
            })
          }
        ]
      })
      expect(secrets.length).toBeGreaterThan(3) // a token was minted and is among the secrets
      expectNoLeak(r, secrets)
    },
    TEST_TIMEOUT
  )

  it.concurrent(
    'Atlas 500 `detail` = the API private key',
    async () => {
      const { r, secrets } = await leakRun(
        {
          atlas: [
            {
              route: 'atlas.groups',
              when: x => !!x.req.headers.authorization,
              reply: () => ({
                status: 500,
                body: {
                  error: 500,
                  errorCode: 'UNEXPECTED_ERROR',
                  reason: 'Internal Server Error',
                  detail: form(KEYS.privateKey)
                }
              })
            }
          ]
        },
        API_KEY_INPUTS
      )
      expectNoLeak(r, secrets)
    },
    TEST_TIMEOUT
  )
})

describe('an AI key that contains `::`', () => {
  const key = 'apikey-Wq4::Zt8Mv2Rk6Hp0Lx3Nc7Bd5Fs9'
  it.each([
    ['raw', (s: string) => s],
    ['cut', (s: string) => s.slice(0, -2)],
    ['padded', across(120)]
  ])(
    'echoed %s in a 401 `message` does not appear, whole or with the `::` broken',
    async (_n, form) => {
      const world = servers.add(
        await startWorld({
          ai: [
            {
              route: 'ai.balance',
              reply: () => ({
                status: 401,
                body: { error: { type: 'authentication_error', code: 'invalid_api_key', message: form(key) } }
              })
            }
          ]
        })
      )
      const r = await limit(() =>
        hostileRun({
          'ai-api-key': key,
          'ai-base-url': world.ai.url,
          'ip-echo-urls': `${world.echo.url}/echo/text`
        })
      )
      await world.close()
      expect(r.stdout).toContain(`::add-mask::${key}`)
      expectNoLeak(r, [key])
    },
    TEST_TIMEOUT
  )
})

describe('`::debug::` lines are redacted too', () => {
  it('an echo service that redirects to a path holding cut secrets leaves no fragment in debug lines', async () => {
    const world = servers.add(
      await startWorld({
        echo: [
          {
            route: 'echo.text',
            reply: () => ({
              status: 302,
              headers: {
                location: `/echo/json/${KEYS.aiKey.slice(0, -2)}/${KEYS.clientSecret.slice(0, -2)}`
              }
            })
          },
          { route: /^\/echo\/json\/.+/, reply: () => ({ body: { ip: '203.0.113.10' } }) }
        ]
      })
    )
    const r = await limit(() =>
      hostileRun(world.inputs({ 'atlas-org-id': '65a1b2c3d4e5f60718293a4b' }), {
        env: { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' }
      })
    )
    const secrets = world.secrets()
    await world.close()
    const debug = r.stdout.split('\n').filter(l => l.startsWith('::debug::'))
    expect(debug.length).toBeGreaterThan(3)
    expect(world.echo.requests.some(q => q.path.startsWith('/echo/json/'))).toBe(true)
    expectNoLeak(r, secrets)
  })
})
