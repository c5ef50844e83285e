/**
 * The shared HTTP layer against failing servers: retries with backoff for network errors and 5xx on reads,
 * Retry-After honoured within the deadline, bounded bodies, credentials never sent to an untrusted host or across
 * a redirect, HTTPS_PROXY/NO_PROXY respected, TLS failures fail closed. Waits are recorded, not slept.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createServer as createHttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, type AddressInfo } from 'node:net'
import { startSandbox } from '../../sandbox/index.js'
import { testHttp } from '../helpers/http.js'

let sandbox: Awaited<ReturnType<typeof startSandbox>>
beforeAll(async () => {
  sandbox = await startSandbox({ scenario: 'healthy' })
})
afterAll(() => sandbox.stop())

const models = () => `${sandbox.aiUrl}/api/v1/models`
const balance = () => `${sandbox.aiUrl}/public/v1/balance`
const get = (url: string, extra: object = {}) => ({
  method: 'GET' as const,
  url,
  credentialed: false,
  idempotent: true,
  ...extra
})
const withKey = {
  headers: { authorization: 'Bearer apikey-sandbox7f3e9a1c5b2d4e6f8a0b' },
  credentialed: true
}

describe('retries', () => {
  it('honours Retry-After on 503 and then succeeds', async () => {
    sandbox.faults.clear()
    sandbox.faults.add({ route: 'ai.models', fault: 'status', status: 503, retryAfter: 2, first: 1 })
    const t = testHttp([sandbox.aiUrl])
    const r = await t.http.request(get(models()))
    expect(r.ok && [r.status, r.attempts]).toEqual([200, 2])
    expect(t.waits[0]).toBeGreaterThanOrEqual(2000)
    await t.close()
  })

  it('does not wait when Retry-After exceeds the deadline, and says how long was asked', async () => {
    sandbox.faults.clear()
    sandbox.faults.add({ route: 'ai.models', fault: 'status', status: 429, retryAfter: 600 })
    const t = testHttp([sandbox.aiUrl])
    const r = await t.http.request(get(models()))
    expect(r.ok && [r.status, r.retryAfterS, r.attempts]).toEqual([429, 600, 1])
    expect(t.waits).toEqual([])
    await t.close()
  })

  it('backs off on 429 without Retry-After (Atlas Cloud sends none)', async () => {
    sandbox.faults.clear()
    sandbox.faults.add({ route: 'ai.models', fault: 'status', status: 429, first: 2 })
    const t = testHttp([sandbox.aiUrl])
    const r = await t.http.request(get(models()))
    expect(r.ok && r.status).toBe(200)
    expect(t.waits).toHaveLength(2)
    expect(t.waits[1]!).toBeGreaterThan(t.waits[0]!)
    await t.close()
  })

  it.each(['reset', 'truncated'])('retries a %s connection on a read', async fault => {
    sandbox.faults.clear()
    sandbox.faults.add({ route: 'ai.models', fault, first: 2 })
    const t = testHttp([sandbox.aiUrl])
    const r = await t.http.request(get(models()))
    expect(r.ok && [r.status, r.attempts]).toEqual([200, 3])
    await t.close()
  })

  it('never retries a 5xx on a request that is not idempotent', async () => {
    sandbox.faults.clear()
    sandbox.faults.add({ route: 'ai.models', fault: 'status', status: 500, first: 1 })
    const t = testHttp([sandbox.aiUrl])
    const r = await t.http.request(get(models(), { idempotent: false }))
    expect(r.ok && [r.status, r.attempts]).toEqual([500, 1])
    await t.close()
  })

  it('gives up after the attempt budget with the last answer', async () => {
    sandbox.faults.clear()
    sandbox.faults.add({ route: 'ai.models', fault: 'status', status: 502 })
    const t = testHttp([sandbox.aiUrl])
    const r = await t.http.request(get(models()))
    expect(r.ok && [r.status, r.attempts]).toEqual([502, 4])
    await t.close()
  })
})

describe('bounded and broken answers', () => {
  it('refuses a body over the size bound', async () => {
    sandbox.faults.clear()
    sandbox.faults.add({ route: 'ai.models', fault: 'huge' })
    const t = testHttp([sandbox.aiUrl])
    const r = await t.http.request(get(models()))
    expect(!r.ok && r.kind).toBe('too-large')
    await t.close()
  })

  it('times out a server that never answers', async () => {
    sandbox.faults.clear()
    sandbox.faults.add({ route: 'ai.models', fault: 'hang' })
    const t = testHttp([sandbox.aiUrl])
    const r = await t.http.request(get(models(), { timeoutMs: 300, maxAttempts: 1 }))
    expect(!r.ok && r.kind).toBe('timeout')
    await t.close()
  })

  it('hands malformed JSON over as text, not as a crash', async () => {
    sandbox.faults.clear()
    sandbox.faults.add({ route: 'ai.models', fault: 'malformed-json' })
    const t = testHttp([sandbox.aiUrl])
    const r = await t.http.request(get(models()))
    expect(r.ok && r.json).toBeUndefined()
    await t.close()
  })
})

describe('trust boundary', () => {
  it('never sends a credential to an untrusted origin (no request is made)', async () => {
    sandbox.faults.clear()
    const before = sandbox.stats.requests
    const t = testHttp([sandbox.atlasUrl])
    const r = await t.http.request(get(balance(), withKey))
    expect(!r.ok && r.kind).toBe('untrusted')
    expect(sandbox.stats.requests).toBe(before)
    await t.close()
  })

  it('never follows a redirect with a credential', async () => {
    sandbox.faults.clear()
    sandbox.faults.add({ route: 'ai.balance', fault: 'redirect' })
    const t = testHttp([sandbox.aiUrl])
    const r = await t.http.request(get(balance(), withKey))
    expect(!r.ok && r.kind).toBe('redirect')
    expect(sandbox.stats.stolen).toEqual([])
    await t.close()
  })

  it('refuses plain HTTP to a non-loopback host even when listed as trusted', async () => {
    const t = testHttp(['http://atlas.example'])
    const r = await t.http.request(get('http://atlas.example/api/atlas/v2', { credentialed: true }))
    expect(!r.ok && r.kind).toBe('untrusted')
    await t.close()
  })

  it('fails closed on a certificate it cannot verify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tls-'))
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-days',
        '1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem')
      ],
      { stdio: 'ignore' }
    )
    let reached = false
    const server = createHttpsServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (_req, res) => {
        reached = true
        res.end('{}')
      }
    )
    await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()))
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
    const t = testHttp([url])
    const r = await t.http.request(
      get(`${url}/api/atlas/v2`, { credentialed: true, headers: { authorization: 'Bearer x' } })
    )
    expect(!r.ok && r.kind).toBe('tls')
    expect(reached).toBe(false)
    await t.close()
    server.closeAllConnections()
    await new Promise(r => server.close(r))
    rmSync(dir, { recursive: true, force: true })
  })
})

describe('proxy', () => {
  it('tunnels through HTTP(S)_PROXY with CONNECT, and NO_PROXY and loopback bypass it', async () => {
    // The far side of the tunnel: a stand-in echo service.
    const origin = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end('198.51.100.9\n')
    })
    await new Promise<void>(r => origin.listen(0, '127.0.0.1', () => r()))
    const originPort = (origin.address() as AddressInfo).port
    const tunnels: string[] = []
    const proxy = createHttpServer()
    proxy.on('connect', (req, client) => {
      tunnels.push(req.url ?? '')
      const upstream = connect(originPort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        upstream.pipe(client)
        client.pipe(upstream)
      })
      upstream.on('error', () => client.destroy())
      client.on('error', () => upstream.destroy())
    })
    await new Promise<void>(r => proxy.listen(0, '127.0.0.1', () => r()))
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
    const keys = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']
    const saved = Object.fromEntries(keys.map(k => [k, process.env[k]]))
    Object.assign(process.env, {
      http_proxy: proxyUrl,
      HTTP_PROXY: proxyUrl,
      no_proxy: 'direct.invalid',
      NO_PROXY: 'direct.invalid'
    })
    try {
      const t = testHttp([])
      const viaProxy = await t.http.request(get('http://echo.invalid/ip', { maxAttempts: 1 }))
      expect(viaProxy.ok && viaProxy.body.trim()).toBe('198.51.100.9')
      expect(tunnels).toEqual(['echo.invalid:80'])
      const direct = await t.http.request(
        get('http://direct.invalid/ip', { maxAttempts: 1, timeoutMs: 5000 })
      )
      expect(direct.ok).toBe(false)
      expect(tunnels).toHaveLength(1)
      const local = await t.http.request(get(models(), { maxAttempts: 1 }))
      expect(local.ok && local.status).toBe(200)
      expect(tunnels).toHaveLength(1)
      await t.close()
    } finally {
      for (const k of keys) {
        if (saved[k] === undefined) delete process.env[k]
        else process.env[k] = saved[k]
      }
      for (const s of [proxy, origin]) {
        s.closeAllConnections()
        await new Promise(r => s.close(r))
      }
    }
  })
})

describe('a host name', () => {
  // Production's path (every real Atlas call): a name, resolved by the deadline's lookup (never the system's
  // uncancellable getaddrinfo), then answered on Node's own HTTP client with a kept connection. The sandbox answers
  // on an IP address, so this is the test that covers a name, on Node 20 and Node 24 in CI.
  it("is resolved by the deadline's lookup and answered on the wire, its connection kept", async () => {
    const { DnsResponder } = await import('../../sandbox/dns.js')
    const dns = new DnsResponder()
    const server = await dns.listen()
    dns.addA('ai.sandbox.test', '127.0.0.1')
    const port = new URL(sandbox.aiUrl).port
    const url = `http://ai.sandbox.test:${port}/api/v1/models`
    const system = jest.fn()
    const t = testHttp([], {
      lookup: { servers: [server], serversFor: n => n.endsWith('.sandbox.test'), system: system as never }
    })
    try {
      const r = await t.http.request(get(url, { maxAttempts: 1 }))
      expect(r.ok && r.status).toBe(200)
      expect(r.ok && (JSON.parse(r.body) as { data?: unknown[] }).data?.length).toBeGreaterThan(0)
      const again = await t.http.request(get(url, { maxAttempts: 1 }))
      expect(again.ok && again.status).toBe(200)
      expect(system).not.toHaveBeenCalled()
    } finally {
      await t.close()
      dns.close()
    }
  })
})
