/**
 * Issue 11, promise 3: every run ends by its deadline. With `timeout-seconds: 3`, servers that hang at every stage
 * (TCP accepted and never answered, a TLS handshake that never completes, HTTP headers never sent, a body that
 * stalls, a DNS resolver that never answers, and a GitHub API that never answers the tracking issue's calls) must
 * not hold the process: its real exit time (measured around the child process) stays under the deadline plus a
 * generous margin for a loaded 2-core machine, and the report is still written (status output, job summary).
 * The hangs are I/O-idle, so the runs go three at a time.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DnsResponder } from '../../sandbox/dns.js'
import { KEYS, expectRun, hostileRun, pool, startWorld, type RunResult } from '../helpers/hostile-run.js'
import { Servers, startHang } from '../helpers/hostile-server.js'

const TIMEOUT_S = 3
const MARGIN_MS = 6000
/** The harness kills a child that is still alive long after its deadline (the verdict is then a failure). */
const KILL_AFTER_MS = 25_000
const TEST_TIMEOUT = 90_000
const DNS_PRELOAD = fileURLToPath(new URL('../helpers/dns-hang.mjs', import.meta.url))
/** A name in the test-only domain (net/test-hooks.ts), whose queries the responder keeps unanswered. */
const HUNG = 'hang.sandbox.test'

const servers = new Servers()
afterAll(() => servers.closeAll())
const limit = pool(3)

/** Every credential family, every endpoint (Atlas, Atlas Cloud AI, IP echo) at `base`. */
function everythingAt(base: string): Record<string, string> {
  return {
    'atlas-client-id': KEYS.clientId,
    'atlas-client-secret': KEYS.clientSecret,
    'ai-api-key': KEYS.aiKey,
    'atlas-base-url': base,
    'ai-base-url': base,
    'ip-echo-urls': `${base}/ip`,
    'timeout-seconds': String(TIMEOUT_S)
  }
}

function expectEndedInTime(r: RunResult) {
  expectRun(
    r,
    {
      endedBeforeDeadlinePlusMargin: r.wallMs < TIMEOUT_S * 1000 + MARGIN_MS,
      killedByHarness: r.exitCode === null,
      status: r.outputs['status'],
      summaryWritten: r.summary.length > 0,
      consoleReport: /atlas-preflight \S+: (PASS|WARN|FAIL) in /.test(r.stdout)
    },
    {
      endedBeforeDeadlinePlusMargin: true,
      killedByHarness: false,
      status: expect.stringMatching(/^(pass|warn|fail)$/),
      summaryWritten: true,
      consoleReport: true
    }
  )
}

const run = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  limit(() => hostileRun(inputs, { env, timeoutMs: KILL_AFTER_MS }))

describe(`hangs end within timeout-seconds (${TIMEOUT_S} s) + ${MARGIN_MS / 1000} s`, () => {
  it.concurrent(
    'TCP: a server that accepts and never answers',
    async () => {
      const hang = servers.add(await startHang('tcp'))
      const r = await run(everythingAt(`http://127.0.0.1:${hang.port}`))
      await hang.reached
      expectEndedInTime(r)
    },
    TEST_TIMEOUT
  )

  it.concurrent(
    'TLS: an https base URL whose handshake never completes',
    async () => {
      const hang = servers.add(await startHang('tcp'))
      const r = await run(everythingAt(`https://127.0.0.1:${hang.port}`))
      await hang.reached
      expectEndedInTime(r)
    },
    TEST_TIMEOUT
  )

  it.concurrent(
    'HTTP: the request is read, headers are never sent',
    async () => {
      const hang = servers.add(await startHang('headers'))
      const r = await run(everythingAt(`http://127.0.0.1:${hang.port}`))
      await hang.reached
      expectEndedInTime(r)
    },
    TEST_TIMEOUT
  )

  it.concurrent(
    'HTTP: headers sent, then the body stalls',
    async () => {
      const hang = servers.add(await startHang('body'))
      const r = await run(everythingAt(`http://127.0.0.1:${hang.port}`))
      await hang.reached
      expectEndedInTime(r)
    },
    TEST_TIMEOUT
  )

  // Issue 19 item 8: the resolver never answers, for every endpoint and for GitHub's API. The action's own resolver
  // (pointed at a responder that keeps every query, through the test-only hook) is abandoned at the deadline, and the
  // system's getaddrinfo, whose stuck threads a process waits for at exit, is never asked for those names.
  it.concurrent(
    'DNS: a resolver that never answers, for every endpoint and for the GitHub API',
    async () => {
      const dns = new DnsResponder()
      dns.behave(HUNG, '*', 'hang')
      const server = await dns.listen()
      servers.add({ close: () => dns.close() })
      const log = join(mkdtempSync(join(tmpdir(), 'dns-hang-')), 'system-lookups')
      writeFileSync(log, '')
      const r = await run(
        {
          ...everythingAt(`https://${HUNG}`),
          'allow-custom-endpoints': 'true',
          'open-issue': 'true',
          'github-token': 'ghs_hostile0123456789'
        },
        {
          NODE_ENV: 'test',
          ATLAS_PREFLIGHT_TEST_DNS: server,
          NODE_OPTIONS: `--import=${new URL(`file://${DNS_PRELOAD}`).href}`,
          HOSTILE_DNS_HANG: HUNG,
          HOSTILE_DNS_LOG: log,
          GITHUB_API_URL: `https://${HUNG}`,
          GITHUB_REPOSITORY: 'o/r',
          GITHUB_RUN_ID: '1'
        }
      )
      expectEndedInTime(r)
      expectRun(
        r,
        {
          resolverAsked: dns.queries.some(q => q.name === HUNG),
          systemAsked: readFileSync(log, 'utf8').split('\n').filter(Boolean)
        },
        { resolverAsked: true, systemAsked: [] }
      )
    },
    TEST_TIMEOUT
  )

  it.concurrent(
    'GitHub API: open-issue with an API that never answers',
    async () => {
      const hang = servers.add(await startHang('headers'))
      const world = servers.add(await startWorld())
      const r = await run(
        world.inputs({
          'open-issue': 'true',
          'github-token': 'ghs_hostile0123456789',
          'timeout-seconds': String(TIMEOUT_S)
        }),
        {
          GITHUB_API_URL: `http://127.0.0.1:${hang.port}`,
          GITHUB_REPOSITORY: 'o/r',
          GITHUB_RUN_ID: '1',
          GITHUB_SERVER_URL: 'https://github.example.com'
        }
      )
      await world.close()
      await hang.reached
      expectEndedInTime(r)
    },
    TEST_TIMEOUT
  )
})
