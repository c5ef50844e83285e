import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { egressIpCheck } from '../../src/checks/egress-ip.js'
import {
  API_KEY_INPUTS,
  BLOCKED_IP,
  PUBLIC_KEY,
  atlasError,
  json,
  netFail,
  problems,
  runCheck,
  seenOf,
  statusOf,
  testDeadline,
  text,
  type IdSeverity,
  type Routes
} from '../helpers/check-context.js'
import type { CheckStatus } from '../../src/core/policy.js'

const ECHO_A = 'https://echo-a.example/'
const ECHO_B = 'https://echo-b.example/ip'
const ECHOES = { 'ip-echo-urls': `${ECHO_A}, ${ECHO_B}` }
const IPINFO = 'GET /api/private/ipinfo'
const RUNNER = '198.51.100.20'
const OTHER = '198.51.100.99'
const V6 = '2001:db8::20'

interface Case {
  name: string
  inputs: Record<string, string>
  routes: Routes
  problems: IdSeverity[]
  status: CheckStatus
  outputs: Record<string, string>
  ipv4?: string
  atlasView?: string
  /** What `seen` must mention. */
  seen: string
}

const cases: Case[] = [
  {
    name: 'pass: Atlas and both echo services agree',
    inputs: { ...API_KEY_INPUTS, ...ECHOES },
    routes: {
      [IPINFO]: json(200, { currentIpv4Address: RUNNER }),
      [`GET ${ECHO_A}`]: text(200, `${RUNNER}\n`),
      [`GET ${ECHO_B}`]: json(200, { ip: RUNNER })
    },
    problems: [],
    status: 'pass',
    outputs: { 'egress-ip': RUNNER, 'egress-ipv6': '' },
    ipv4: RUNNER,
    atlasView: RUNNER,
    seen: RUNNER
  },
  {
    name: 'pass: no Atlas credential, the echo services alone',
    inputs: ECHOES,
    routes: { [`GET ${ECHO_A}`]: text(200, RUNNER), [`GET ${ECHO_B}`]: json(200, { ip: RUNNER }) },
    problems: [],
    status: 'pass',
    outputs: { 'egress-ip': RUNNER, 'egress-ipv6': '' },
    ipv4: RUNNER,
    seen: RUNNER
  },
  {
    name: "pass: the address in Atlas's access-list 403 counts as Atlas's view",
    inputs: { ...API_KEY_INPUTS, ...ECHOES },
    routes: {
      [IPINFO]: atlasError(403, 'IP_ADDRESS_NOT_ON_ACCESS_LIST', { parameters: [BLOCKED_IP] }),
      [`GET ${ECHO_A}`]: text(200, BLOCKED_IP),
      [`GET ${ECHO_B}`]: netFail('timeout', 'echo-b.example did not answer in time')
    },
    problems: [],
    status: 'pass',
    outputs: { 'egress-ip': BLOCKED_IP, 'egress-ipv6': '' },
    ipv4: BLOCKED_IP,
    atlasView: BLOCKED_IP,
    seen: BLOCKED_IP
  },
  {
    name: 'pass: IPv6 only',
    inputs: ECHOES,
    routes: { [`GET ${ECHO_A}`]: text(200, V6), [`GET ${ECHO_B}`]: text(200, 'not an address') },
    problems: [],
    status: 'pass',
    outputs: { 'egress-ip': V6, 'egress-ipv6': V6 },
    seen: V6
  },
  {
    name: 'egress-ip/not-detected: no source answers with a valid address',
    inputs: ECHOES,
    routes: {
      [`GET ${ECHO_A}`]: text(200, '<html>captive portal</html>'),
      [`GET ${ECHO_B}`]: text(500, 'oops')
    },
    problems: [['egress-ip/not-detected', 'error']],
    status: 'fail',
    outputs: {},
    seen: 'echo-a.example'
  },
  {
    name: 'egress-ip/not-detected: Atlas has no valid address and the echo services are unreachable',
    inputs: { ...API_KEY_INPUTS, ...ECHOES },
    routes: {
      [IPINFO]: json(200, { currentIpv4Address: '999.1.1.1' }),
      [`GET ${ECHO_A}`]: netFail('dns', 'the name echo-a.example could not be resolved (DNS)'),
      [`GET ${ECHO_B}`]: netFail('refused', 'echo-b.example refused the connection')
    },
    problems: [['egress-ip/not-detected', 'error']],
    status: 'fail',
    outputs: {},
    seen: 'echo-b.example'
  },
  {
    name: 'egress-ip/not-public: a source answers with a private address, which is set aside',
    inputs: ECHOES,
    routes: { [`GET ${ECHO_A}`]: text(200, '10.0.0.5'), [`GET ${ECHO_B}`]: json(200, { ip: RUNNER }) },
    problems: [['egress-ip/not-public', 'warning']],
    status: 'warn',
    outputs: { 'egress-ip': RUNNER, 'egress-ipv6': '' },
    ipv4: RUNNER,
    seen: '10.0.0.5'
  },
  {
    name: 'egress-ip/not-detected: every source answers with a loopback or private address',
    inputs: { ...API_KEY_INPUTS, ...ECHOES },
    routes: {
      [IPINFO]: json(200, { currentIpv4Address: '127.0.0.1' }),
      [`GET ${ECHO_A}`]: text(200, '192.168.1.10'),
      [`GET ${ECHO_B}`]: json(200, { ip: 'fd00::1' })
    },
    problems: [['egress-ip/not-detected', 'error']],
    status: 'fail',
    outputs: {},
    seen: '192.168.1.10'
  },
  {
    name: "egress-ip/disagree: the echo services see different addresses; Atlas's view is used",
    inputs: { ...API_KEY_INPUTS, ...ECHOES },
    routes: {
      [IPINFO]: json(200, { currentIpv4Address: RUNNER }),
      [`GET ${ECHO_A}`]: text(200, OTHER),
      [`GET ${ECHO_B}`]: json(200, { ip: RUNNER })
    },
    problems: [['egress-ip/disagree', 'warning']],
    status: 'warn',
    outputs: { 'egress-ip': RUNNER, 'egress-ipv6': '' },
    ipv4: RUNNER,
    atlasView: RUNNER,
    seen: OTHER
  }
]

describe('egress-ip', () => {
  it.each(cases)('$name', async c => {
    const { outcome } = await runCheck(egressIpCheck, { inputs: c.inputs, routes: c.routes })
    expect(problems(outcome)).toEqual(c.problems)
    expect(statusOf(outcome)).toBe(c.status)
    expect(outcome.outputs ?? {}).toEqual(c.outputs)
    expect(outcome.data?.ipv4).toBe(c.ipv4)
    expect(outcome.data?.atlasView).toBe(c.atlasView)
    expect(seenOf(outcome)).toContain(c.seen)
  })

  it('uses the `egress-ip` input without asking anyone', async () => {
    const { outcome, http } = await runCheck(egressIpCheck, {
      inputs: { ...API_KEY_INPUTS, 'egress-ip': '192.0.2.5' }
    })
    expect(problems(outcome)).toEqual([])
    expect(outcome.outputs).toEqual({ 'egress-ip': '192.0.2.5' })
    expect(outcome.data?.ipv4).toBe('192.0.2.5')
    expect(http.calls).toEqual([])
  })

  it('an IPv6 `egress-ip` fills both outputs', async () => {
    const { outcome } = await runCheck(egressIpCheck, { inputs: { 'egress-ip': V6 } })
    expect(outcome.outputs).toEqual({ 'egress-ip': V6, 'egress-ipv6': V6 })
    expect(outcome.data?.ipv6).toBe(V6)
  })

  it('does not send the Atlas credential when the secrets check found it broken', async () => {
    const { outcome, http } = await runCheck(egressIpCheck, {
      inputs: { ...API_KEY_INPUTS, 'atlas-public-key': `${PUBLIC_KEY}\n`, ...ECHOES },
      routes: { [`GET ${ECHO_A}`]: text(200, RUNNER), [`GET ${ECHO_B}`]: text(200, RUNNER) },
      withSecrets: true
    })
    expect(outcome.data?.ipv4).toBe(RUNNER)
    expect(http.paths()).not.toContain(IPINFO)
    expect(http.calls.filter(c => c.credentialed)).toEqual([])
  })

  describe('with fake timers', () => {
    afterEach(() => {
      jest.useRealTimers()
    })

    it('a source that never answers does not hold the check past its budget', async () => {
      jest.useFakeTimers()
      const deadline = testDeadline(1500)
      const pending = runCheck(egressIpCheck, {
        inputs: ECHOES,
        deadline,
        routes: {
          [`GET ${ECHO_A}`]: text(200, RUNNER),
          [`GET ${ECHO_B}`]: () => new Promise(() => undefined)
        }
      })
      await jest.advanceTimersByTimeAsync(6000)
      const { outcome } = await pending
      expect(problems(outcome)).toEqual([])
      expect(outcome.outputs?.['egress-ip']).toBe(RUNNER)
      expect(outcome.data?.sources).toEqual([
        { source: 'echo-a.example', ip: RUNNER },
        { source: 'echo-b.example/ip', error: expect.any(String) }
      ])
    })
  })
})
