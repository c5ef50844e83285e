// Fault injection per route, scriptable per request: `first: N` makes the first N matching requests fail, then
// the route heals. Faults: latency, status (500/502/503/429, with or without Retry-After), reset, hang,
// malformed-json, html, empty, truncated, huge, redirect (to another origin), echo-auth (a hostile server that
// echoes the Authorization header and query back in an error body).

/**
 * @typedef {{ route: string, fault: string, status?: number, retryAfter?: number, first?: number, latencyMs?: number, location?: string, body?: unknown }} FaultSpec
 */

export class Faults {
  /** @param {FaultSpec[]} specs */
  constructor(specs = []) {
    /** @type {(FaultSpec & { hits: number })[]} */
    this.specs = specs.map(s => ({ ...s, hits: 0 }))
  }

  /** @param {FaultSpec} spec */
  add(spec) {
    this.specs.push({ ...spec, hits: 0 })
  }

  clear() {
    this.specs = []
  }

  /** The fault for this request, if any; counts the hit. @param {string} route */
  take(route) {
    for (const s of this.specs) {
      if (
        s.route !== route &&
        s.route !== '*' &&
        !(s.route.endsWith('*') && route.startsWith(s.route.slice(0, -1)))
      )
        continue
      if (s.first !== undefined && s.hits >= s.first) continue
      s.hits++
      return s
    }
    return undefined
  }
}

/**
 * Apply a fault. Returns true when the response was handled (or deliberately never will be).
 * @param {FaultSpec} f @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
 * @param {{ otherOrigin: string, hung: Set<import('node:http').ServerResponse> }} ctx
 */
export async function applyFault(f, req, res, ctx) {
  if (f.latencyMs) await new Promise(r => setTimeout(r, f.latencyMs))
  const json = 'application/json'
  switch (f.fault) {
    case 'latency':
      return false
    case 'status': {
      const status = f.status ?? 500
      const headers = {
        'content-type': json,
        ...(f.retryAfter !== undefined ? { 'retry-after': String(f.retryAfter) } : {})
      }
      const body = JSON.stringify({
        error: status,
        errorCode: status === 429 ? 'RATE_LIMITED' : 'UNEXPECTED_ERROR',
        reason: 'Injected',
        detail: 'Injected fault.'
      })
      res.writeHead(status, headers)
      res.end(body)
      return true
    }
    case 'reset':
      req.socket.destroy()
      return true
    case 'hang':
      ctx.hung.add(res)
      return true
    case 'malformed-json':
      res.writeHead(200, { 'content-type': json })
      res.end('{"results": [ {"id": "65a1b2c3d4e5f60718293a4c", ')
      return true
    case 'html':
      res.writeHead(f.status ?? 502, { 'content-type': 'text/html' })
      res.end('<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>')
      return true
    case 'empty':
      res.writeHead(f.status ?? 200, { 'content-type': json, 'content-length': '0' })
      res.end()
      return true
    case 'truncated':
      res.writeHead(200, { 'content-type': json, 'content-length': '4096' })
      res.write('{"results":[{"id":"65a1b2c3d4e5f60718293a4c"')
      setTimeout(() => req.socket.destroy(), 5)
      return true
    case 'huge': {
      res.writeHead(200, { 'content-type': json })
      const chunk = Buffer.alloc(64 * 1024, 32)
      let sent = 0
      const pump = () => {
        while (sent < 8 * 1024 * 1024) {
          sent += chunk.length
          if (!res.write(chunk)) return res.once('drain', pump)
        }
        res.end('{}')
      }
      res.on('error', () => undefined)
      pump()
      return true
    }
    case 'redirect':
      res.writeHead(302, { location: `${f.location ?? ctx.otherOrigin}/stolen${req.url}` })
      res.end()
      return true
    case 'body': {
      // A scripted answer: any status and JSON body (hostile texts, odd shapes).
      const text = JSON.stringify(f.body ?? {})
      res.writeHead(f.status ?? 200, { 'content-type': 'application/json' })
      res.end(text)
      return true
    }
    case 'echo-auth': {
      const body = JSON.stringify({
        error: 500,
        errorCode: 'UNEXPECTED_ERROR',
        reason: 'Echo',
        detail: `You sent ${req.headers.authorization ?? ''} to ${req.url}`
      })
      res.writeHead(500, { 'content-type': json })
      res.end(body)
      return true
    }
    default:
      throw new Error(`unknown fault ${f.fault}`)
  }
}
