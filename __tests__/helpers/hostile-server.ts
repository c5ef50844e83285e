/**
 * Hostile servers for the trust suite (issue 11): a scriptable front that sits before the sandbox (answers what a
 * rule says, passes the rest through, so Digest, tokens and the happy paths stay real), raw TCP servers that accept
 * and never answer (also a TLS handshake that never completes), HTTP servers that never send headers or stall the
 * body, and a GitHub API stand-in that answers whatever a test wants. Every server is registered in a `Servers`
 * set so a test file can close all of them in afterEach/afterAll, hung sockets included.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net'

export interface Upstream {
  status: number
  headers: Record<string, string>
  body: string
  json(): any // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface Exchange {
  req: IncomingMessage
  url: URL
  /** The sandbox's route key (`atlas.identity`, `ai.balance`, `echo.text`, …) when a router was given. */
  route: string
  body: string
  /** The answer the real (sandbox) service gives to this same request. */
  upstream(): Promise<Upstream>
}

export interface Reply {
  status?: number
  headers?: Record<string, string>
  /** JSON-encoded unless `raw` is given. */
  body?: unknown
  /** Sent byte for byte (deep nesting, `1e400`, non-JSON). */
  raw?: string
}

/** `pass`: proxy to the sandbox; `hang`: never answer; `stall-body`: headers, a few bytes, then nothing. */
export type Outcome = Reply | 'pass' | 'hang' | 'stall-body'

export interface Rule {
  /** A sandbox route key, or a pattern for the path. */
  route: string | RegExp
  method?: string
  when?: (x: Exchange) => boolean
  reply: (x: Exchange) => Outcome | Promise<Outcome>
}

export interface Closable {
  close(): Promise<void>
}

/** Every server a test file started; `closeAll` in afterEach/afterAll ends them, hung connections included. */
export class Servers {
  private readonly open = new Set<Closable>()
  add<T extends Closable>(s: T): T {
    this.open.add(s)
    return s
  }
  async closeAll(): Promise<void> {
    const all = [...this.open]
    this.open.clear()
    await Promise.all(all.map(s => s.close().catch(() => undefined)))
  }
}

function track(server: Server | ReturnType<typeof createTcpServer>): () => Promise<void> {
  const sockets = new Set<Socket>()
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.on('error', () => undefined)
  })
  return () =>
    new Promise<void>(resolve => {
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    })
}

async function listen(
  server: Server | ReturnType<typeof createTcpServer>,
  host = '127.0.0.1'
): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, () => resolve())
  })
  return (server.address() as AddressInfo).port
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function forward(target: string, req: IncomingMessage, body: string): Promise<Upstream> {
  const u = new URL(req.url ?? '/', target)
  const headers = { ...req.headers }
  delete headers['host']
  delete headers['connection']
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      {
        host: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        method: req.method,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }
      },
      res => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          const h: Record<string, string> = {}
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h[k] = v
          resolve({ status: res.statusCode ?? 502, headers: h, body: text, json: () => JSON.parse(text) })
        })
        res.on('error', reject)
      }
    )
    out.on('error', reject)
    out.end(body)
  })
}

function send(res: ServerResponse, r: Reply): void {
  const text = r.raw ?? (r.body === undefined ? '' : JSON.stringify(r.body))
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...r.headers,
    'content-length': String(Buffer.byteLength(text))
  }
  try {
    res.writeHead(r.status ?? 200, headers)
    res.end(text)
  } catch {
    res.destroy()
  }
}

export interface Front extends Closable {
  url: string
  /** Every request seen: method, path, route and the Authorization header. */
  requests: { method: string; path: string; route: string; authorization?: string }[]
}

/**
 * A front for one service. Rules are tried in order; `pass` (or no matching rule) proxies to `upstream` (404 when
 * there is none).
 */
export async function startFront(opts: {
  upstream?: string
  routeOf?: (method: string, path: string) => string
  rules?: Rule[]
}): Promise<Front> {
  const requests: Front['requests'] = []
  const hung = new Set<ServerResponse>()
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://front.invalid')
      const path = url.pathname.replace(/\/+$/, '') || '/'
      const route = opts.routeOf?.(req.method ?? 'GET', path) ?? path
      const body = req.method === 'GET' || req.method === 'HEAD' ? '' : await readBody(req)
      requests.push({ method: req.method ?? 'GET', path, route, authorization: req.headers.authorization })
      let upstreamAnswer: Promise<Upstream> | undefined
      const x: Exchange = {
        req,
        url,
        route,
        body,
        upstream: () => {
          if (!opts.upstream) return Promise.reject(new Error('no upstream'))
          return (upstreamAnswer ??= forward(opts.upstream, req, body))
        }
      }
      let outcome: Outcome = 'pass'
      for (const rule of opts.rules ?? []) {
        const matches = typeof rule.route === 'string' ? rule.route === route : rule.route.test(path)
        if (!matches || (rule.method && rule.method !== req.method) || (rule.when && !rule.when(x))) continue
        outcome = await rule.reply(x)
        break
      }
      if (outcome === 'hang') {
        hung.add(res)
        return
      }
      if (outcome === 'stall-body') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' })
        res.write('{"results":[')
        hung.add(res)
        return
      }
      if (outcome === 'pass') {
        if (!opts.upstream) return send(res, { status: 404, body: { error: 'not found' } })
        const u = await x.upstream()
        const headers = { ...u.headers }
        for (const h of ['content-length', 'transfer-encoding', 'connection', 'keep-alive']) delete headers[h]
        return send(res, { status: u.status, headers, raw: u.body })
      }
      return send(res, outcome)
    } catch {
      if (!res.headersSent) send(res, { status: 502, body: { error: 'front error' } })
      else res.destroy()
    }
  })
  server.keepAliveTimeout = 30_000
  const stop = track(server)
  const port = await listen(server)
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const r of hung) r.destroy()
      await stop()
    }
  }
}

/** Proxy the sandbox's answer with its JSON body changed by `edit` (which may mutate and/or return a value). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function editJson(edit: (json: any, x: Exchange) => unknown): Rule['reply'] {
  return async x => {
    const u = await x.upstream()
    if (u.status < 200 || u.status >= 300) return 'pass'
    const json = u.json()
    const changed = edit(json, x)
    return {
      status: u.status,
      headers: { 'content-type': u.headers['content-type'] ?? 'application/json' },
      body: changed === undefined ? json : changed
    }
  }
}

export interface HangServer extends Closable {
  port: number
  /** Resolves when the first connection (or request, for HTTP kinds) arrives. */
  reached: Promise<void>
  connections: number
}

/**
 * A server that accepts and never answers. `tcp`: never reads or writes (an https URL to it is a TLS handshake
 * that never completes); `headers`: reads the HTTP request and never answers; `body`: sends headers and the start
 * of a JSON body, then stalls.
 */
export async function startHang(kind: 'tcp' | 'headers' | 'body'): Promise<HangServer> {
  let reachedResolve!: () => void
  const reached = new Promise<void>(r => (reachedResolve = r))
  const state = { connections: 0 }
  if (kind === 'tcp') {
    const server = createTcpServer(socket => {
      state.connections++
      socket.on('error', () => undefined)
      reachedResolve()
    })
    const stop = track(server)
    const port = await listen(server)
    return {
      port,
      reached,
      get connections() {
        return state.connections
      },
      close: stop
    }
  }
  const held = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    state.connections++
    held.add(res)
    reachedResolve()
    req.resume()
    if (kind === 'body') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' })
      res.write('{"apiKey":{"id":"')
    }
  })
  server.keepAliveTimeout = 600_000
  server.headersTimeout = 600_000
  server.requestTimeout = 0
  const stop = track(server)
  const port = await listen(server)
  return {
    port,
    reached,
    get connections() {
      return state.connections
    },
    close: async () => {
      for (const r of held) r.destroy()
      await stop()
    }
  }
}

/** A plain HTTP server whose answers a function decides (echo services, a GitHub API stand-in). */
export async function startPlain(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>
): Promise<Closable & { url: string; requests: { method: string; path: string; body: string }[] }> {
  const requests: { method: string; path: string; body: string }[] = []
  const server = createServer(async (req, res) => {
    const body = await readBody(req)
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', body })
    try {
      await handler(req, res, body)
    } catch {
      if (!res.headersSent) res.writeHead(500)
      res.end()
    }
  })
  const stop = track(server)
  const port = await listen(server)
  return { url: `http://127.0.0.1:${port}`, requests, close: stop }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
) {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...headers
  })
  res.end(text)
}
