/**
 * The wire every request goes on (src/http/wire.ts, direct.ts, answer.ts): what it sends besides the caller's
 * headers, how it reads what comes back (decoded, bounded, abandoned at the deadline), that it keeps its connections,
 * and that no request of the HTTP layer, a Digest one included, goes through the global fetch.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { Wire } from '../../src/http/wire.js'
import type { SendInit } from '../../src/http/answer.js'
import { testHttp } from '../helpers/http.js'
import { DigestSession } from '../../src/atlas/auth/digest.js'

const servers: Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise(r => s.close(r))
  }
})

async function serve(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler)
  servers.push(server)
  let connections = 0
  let closed = 0
  const waiting: { n: number; open: boolean; resolve: () => void }[] = []
  const settle = () => {
    for (const w of waiting.splice(0))
      if ((w.open ? connections : closed) >= w.n) w.resolve()
      else waiting.push(w)
  }
  server.on('connection', socket => {
    connections++
    socket.on('close', () => {
      closed++
      settle()
    })
    settle()
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    /** Resolves once the server has accepted (or seen closed) `n` connections in all. */
    reached: (n: number, what: 'open' | 'closed' = 'open') =>
      new Promise<void>(resolve => {
        waiting.push({ n, open: what === 'open', resolve })
        settle()
      })
  }
}

function wire() {
  return new Wire({ signal: new AbortController().signal, remainingMs: () => 10_000, env: {} })
}

const init = (extra: Partial<SendInit> = {}): SendInit => ({
  method: 'GET',
  headers: {},
  signal: new AbortController().signal,
  maxBodyBytes: 1024,
  ...extra
})

describe('what goes on the wire', () => {
  it('asks for no content coding, states the length of a body, and sends a header once whatever its case', async () => {
    const seen: { headers: IncomingHttpHeaders; raw: string[]; body: string }[] = []
    const s = await serve((req, res) => {
      let body = ''
      req.on('data', d => (body += d))
      req.on('end', () => {
        seen.push({ headers: req.headers, raw: req.rawHeaders, body })
        res.end('{}')
      })
    })
    const w = wire()
    const a = await w.send(
      new URL(`${s.url}/token`),
      init({
        method: 'POST',
        headers: { Authorization: 'Basic eA==', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&é=1'
      })
    )
    await w.close()
    expect(a).toEqual(expect.objectContaining({ status: 200, body: '{}' }))
    const [req] = seen
    expect(req!.headers['accept-encoding']).toBe('identity')
    expect(req!.headers['content-length']).toBe(
      String(Buffer.byteLength('grant_type=client_credentials&é=1'))
    )
    expect(req!.body).toBe('grant_type=client_credentials&é=1')
    expect(req!.raw.filter(h => h.toLowerCase() === 'authorization')).toHaveLength(1)
  })

  it('keeps its connection between requests to one server', async () => {
    const s = await serve((_req, res) => res.end('{}'))
    const w = wire()
    for (let i = 0; i < 3; i++) expect((await w.send(new URL(`${s.url}/x`), init())).status).toBe(200)
    await w.close()
    expect(s.connections()).toBe(1)
  })
})

describe('connections opened ahead of a burst', () => {
  it('opens what a waiting burst will need, and the burst goes out on those connections', async () => {
    const s = await serve((_req, res) => res.end('{}'))
    const w = wire()
    w.warm(new URL(`${s.url}/x`), 3)
    await s.reached(3)
    const answers = await Promise.all([1, 2, 3].map(i => w.send(new URL(`${s.url}/${i}`), init())))
    expect(answers.map(a => a.status)).toEqual([200, 200, 200])
    expect(s.connections()).toBe(3)
    await w.close()
  })

  it('counts the connections the origin already has, and never opens more than the burst', async () => {
    const s = await serve((_req, res) => res.end('{}'))
    const w = wire()
    await w.send(new URL(`${s.url}/first`), init())
    // One idle connection already: a burst of two needs one more, a burst of one none.
    w.warm(new URL(`${s.url}/x`), 1)
    w.warm(new URL(`${s.url}/x`), 2)
    await s.reached(2)
    await Promise.all([1, 2].map(i => w.send(new URL(`${s.url}/${i}`), init())))
    expect(s.connections()).toBe(2)
    await w.close()
  })

  it('opens nothing ahead for an origin that may not carry credentials', async () => {
    const s = await serve((_req, res) => res.end('{}'))
    const t = testHttp([])
    t.http.warm(`${s.url}/api/atlas/v2`, 3)
    const r = await t.http.request({
      method: 'GET',
      url: `${s.url}/x`,
      credentialed: false,
      idempotent: true
    })
    await t.close()
    expect(r.ok && r.status).toBe(200)
    expect(s.connections()).toBe(1)
  })

  it("opens them with the run's own name lookup (the agent's options), for a name only it can resolve", async () => {
    const { DnsResponder } = await import('../../sandbox/dns.js')
    const dns = new DnsResponder()
    const server = await dns.listen()
    dns.addA('warm.sandbox.test', '127.0.0.1')
    const s = await serve((_req, res) => res.end('{}'))
    const w = new Wire({
      signal: new AbortController().signal,
      remainingMs: () => 10_000,
      env: {},
      lookup: { servers: [server], serversFor: n => n.endsWith('.sandbox.test') }
    })
    try {
      const url = new URL(`http://warm.sandbox.test:${new URL(s.url).port}/x`)
      w.warm(url, 2)
      await s.reached(2)
      const answers = await Promise.all([1, 2].map(() => w.send(url, init())))
      expect(answers.map(a => a.status)).toEqual([200, 200])
      expect(s.connections()).toBe(2)
    } finally {
      await w.close()
      dns.close()
    }
  })

  it('closes what it opened ahead when the deadline passes', async () => {
    const s = await serve((_req, res) => res.end('{}'))
    const deadline = new AbortController()
    const w = new Wire({ signal: deadline.signal, remainingMs: () => 10_000, env: {} })
    w.warm(new URL(`${s.url}/x`), 2)
    await s.reached(2)
    deadline.abort(new Error('deadline'))
    await s.reached(2, 'closed')
    expect(s.connections()).toBe(2)
    await w.close()
  })

  it('closes a connection opened for a request that never came', async () => {
    const s = await serve((_req, res) => res.end('{}'))
    const w = wire()
    w.warm(new URL(`${s.url}/x`), 2)
    await s.reached(2)
    await w.close()
    await s.reached(2, 'closed')
    expect(s.connections()).toBe(2)
  })
})

describe('how an answer is read', () => {
  it('joins a repeated header as fetch does and names headers in lower case', async () => {
    const s = await serve((_req, res) => {
      res.setHeader('X-Thing', ['a', 'b'])
      res.end('ok')
    })
    const w = wire()
    const a = await w.send(new URL(`${s.url}/x`), init())
    await w.close()
    expect(a.headers['x-thing']).toBe('a, b')
  })

  it('decodes a body a server compressed although it was asked not to', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' })
      res.end(gzipSync('{"balance":"12.50"}'))
    })
    const w = wire()
    const a = await w.send(new URL(`${s.url}/x`), init())
    await w.close()
    expect(a.body).toBe('{"balance":"12.50"}')
  })

  it('abandons a compressed body that grows past the bound once decoded (a small body, a large answer)', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' })
      res.end(gzipSync(Buffer.alloc(64 * 1024, 32)))
    })
    const w = wire()
    const a = await w.send(new URL(`${s.url}/x`), init({ maxBodyBytes: 4096 }))
    await w.close()
    expect(a.body).toBe('too-large')
  })

  it('reads an empty or cut-short compressed body as fetch does, and never decodes a 204', async () => {
    const whole = gzipSync('{"balance":"12.50"}')
    const s = await serve((req, res) => {
      if (req.url === '/empty') res.writeHead(200, { 'content-encoding': 'gzip' }).end()
      else if (req.url === '/none') res.writeHead(204, { 'content-encoding': 'gzip' }).end()
      else res.writeHead(200, { 'content-encoding': 'gzip' }).end(whole.subarray(0, whole.length - 8))
    })
    const w = wire()
    const [empty, none, cut] = await Promise.all(
      ['/empty', '/none', '/cut'].map(p => w.send(new URL(`${s.url}${p}`), init()))
    )
    await w.close()
    expect([empty?.status, empty?.body, none?.status, none?.body]).toEqual([200, '', 204, ''])
    expect(cut?.body).toBe('{"balance":"12.50"}')
  })

  it('fails a body that cannot be decoded, and lets its connection go', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' })
      res.write('this is not gzip at all')
    })
    const w = wire()
    await expect(w.send(new URL(`${s.url}/x`), init())).rejects.toThrow()
    await s.reached(1, 'closed')
    await w.close()
  })

  it('abandons a body declared larger than the bound without reading it', async () => {
    let wrote = 0
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) })
      res.write(Buffer.alloc(1024))
      wrote++
    })
    const w = wire()
    const a = await w.send(new URL(`${s.url}/x`), init())
    await w.close()
    expect(a.body).toBe('too-large')
    expect(wrote).toBe(1)
  })

  it('stops reading a body that stalls when the signal aborts, and says it failed', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"results":[')
    })
    const t = testHttp([])
    const r = await t.http.request({
      method: 'GET',
      url: `${s.url}/x`,
      credentialed: false,
      idempotent: true,
      timeoutMs: 200,
      maxAttempts: 1
    })
    await t.close()
    expect(!r.ok && r.kind).toBe('timeout')
  })
})

describe('the global fetch', () => {
  it('is never used: a plain request and a Digest session both go on the wire', async () => {
    const challenge = 'Digest realm="MMS Public API", nonce="n0nce", algorithm=MD5, qop="auth"'
    const s = await serve((req, res) => {
      if (req.headers.authorization) res.end('{"ok":true}')
      else res.writeHead(401, { 'www-authenticate': challenge }).end()
    })
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'fetch')
    Object.defineProperty(globalThis, 'fetch', {
      configurable: true,
      get() {
        throw new Error('the global fetch was used')
      }
    })
    const t = testHttp([s.url])
    try {
      const plain = await t.http.request({
        method: 'GET',
        url: `${s.url}/a`,
        credentialed: false,
        idempotent: true
      })
      const session = new DigestSession('pub', 'priv')
      const digest = await t.http.request({
        method: 'GET',
        url: `${s.url}/api/atlas/v2`,
        credentialed: true,
        idempotent: true,
        transport: session.transport
      })
      expect(plain.ok && plain.status).toBe(401)
      expect(digest.ok && digest.body).toBe('{"ok":true}')
      expect(session.challenges).toBe(1)
    } finally {
      await t.close()
      if (saved) Object.defineProperty(globalThis, 'fetch', saved)
    }
  })
})
