/**
 * Issue 14 in the hostile suite: the cluster probes of the bundled action end within the deadline whatever hangs
 * (DNS that never answers, a TCP connect that gets no answer, a TLS handshake that never completes), and hostile
 * host names (from Atlas's connection string or from DNS) never reach a log as a workflow command. The sandbox's
 * DNS responder and test CA reach the bundle only through its test-only environment (src/net/test-hooks.ts).
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import {
  ATTACKS,
  commandViolations,
  evil,
  outputViolations,
  rawControlViolations,
  summaryViolations
} from '../helpers/hostile-checks.js'
import {
  expectRun,
  hostileRun,
  hostileScenario,
  pool,
  startWorld,
  type RunResult,
  type World
} from '../helpers/hostile-run.js'
import { Servers, editJson } from '../helpers/hostile-server.js'
import { clusterTestEnv } from '../helpers/cluster-env.js'

const TIMEOUT_S = 3
const MARGIN_MS = 6000
const TEST_TIMEOUT = 90_000
const servers = new Servers()
afterAll(() => servers.closeAll())
const limit = pool(2)

function world(
  clusters: Record<string, unknown>[],
  atlas: Parameters<typeof startWorld>[0] = {}
): Promise<World> {
  const base = hostileScenario() as { atlas: Record<string, unknown> }
  return startWorld({
    ...atlas,
    scenario: {
      ...base,
      atlas: {
        ...base.atlas,
        projects: [
          {
            id: '65a1b2c3d4e5f60718293a4c',
            name: 'production',
            accessList: [{ cidrBlock: '203.0.113.0/24', comment: 'CI runners', status: 'ACTIVE' }],
            clusters
          }
        ]
      }
    }
  })
}

async function runIn(w: World, extra: Record<string, string>): Promise<RunResult> {
  return limit(() =>
    hostileRun(w.inputs({ cluster: 'Cluster0', 'timeout-seconds': String(TIMEOUT_S), ...extra }), {
      env: clusterTestEnv(w.sandbox),
      timeoutMs: 25_000
    })
  )
}

function expectEndedInTime(r: RunResult) {
  expectRun(
    r,
    {
      inTime: r.wallMs < TIMEOUT_S * 1000 + MARGIN_MS,
      killed: r.exitCode === null,
      status: r.outputs['status'],
      reachable: r.outputs['cluster-reachable']
    },
    {
      inTime: true,
      killed: false,
      status: 'fail',
      reachable: expect.stringMatching(/^(no|unknown)$/)
    }
  )
}

describe(`cluster probes end within timeout-seconds (${TIMEOUT_S} s) + ${MARGIN_MS / 1000} s`, () => {
  it.concurrent(
    'DNS: the responder never answers SRV, TXT or A',
    async () => {
      const w = servers.add(await world([{ name: 'Cluster0', hosts: ['tls', 'tls', 'tls'], dns: 'hang' }]))
      const uri = `mongodb+srv://app:pw@${w.sandbox.clusters[0]!.srvName}/`
      const r = await runIn(w, { 'mongodb-uri': uri })
      expectEndedInTime(r)
      expect(r.findings.map(f => f.id)).toContain('cluster-reachability/dns')
    },
    TEST_TIMEOUT
  )

  it.concurrent(
    'TCP: a connect that gets no answer (an unroutable documentation address)',
    async () => {
      const w = servers.add(await world([{ name: 'Cluster0', hosts: ['tls'] }]))
      const r = await runIn(w, { 'mongodb-uri': 'mongodb://app:pw@192.0.2.1:27017/?tls=true' })
      expectEndedInTime(r)
    },
    TEST_TIMEOUT
  )

  it.concurrent(
    'TLS: hosts that accept TCP and never answer the handshake',
    async () => {
      const w = servers.add(await world([{ name: 'Cluster0', hosts: ['silent', 'silent', 'silent'] }]))
      const r = await runIn(w, {})
      expectEndedInTime(r)
      expect(r.findings.map(f => f.id)).toContain('cluster-reachability/timeout')
    },
    TEST_TIMEOUT
  )
})

describe('hostile host names stay data', () => {
  it(
    "host names in Atlas's connection strings (both command forms, line breaks, bidi) never become commands",
    async () => {
      const hosts = [evil('host'), ...ATTACKS].map((a, i) => `h${i}${a}.example`.replace(/[/?#,@]/g, '-'))
      const w = servers.add(
        await world([{ name: 'Cluster0', hosts: ['tls'] }], {
          atlas: [
            {
              route: 'atlas.cluster',
              reply: editJson(j => {
                j.connectionStrings = {
                  standard: `mongodb://${hosts.map(h => `${h}:27017`).join(',')}/?ssl=true`,
                  standardSrv: `mongodb+srv://${evil('srv').replace(/[/?#,@]/g, '-')}.example`
                }
                j.stateName = evil('stateName')
              })
            }
          ]
        })
      )
      const r = await runIn(w, {})
      expectRun(
        r,
        {
          commands: commandViolations(r.stdout, w.masked()),
          rawControls: rawControlViolations(r.stdout),
          outputs: outputViolations(r.outputs),
          summary: summaryViolations(r.summary),
          // Host names with `::`, spaces or line breaks make a string every driver refuses (Connection String
          // spec): such hosts are never probed, so they cannot reach a finding through the probes either.
          probed: r.findings.some(f => f.id.startsWith('cluster-reachability/'))
        },
        { commands: [], rawControls: [], outputs: [], summary: [], probed: false }
      )
    },
    TEST_TIMEOUT
  )
})
