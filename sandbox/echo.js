// The IP echo stand-in: plain text and JSON, as the public echo services answer. Every request reaches the sandbox
// from 127.0.0.1, so the scenario states the runner's public address.
import { sendJson } from './http-util.js'

export class EchoService {
  /** @param {any} scenario @param {{ stats: any }} ctx */
  constructor(scenario, ctx) {
    this.s = scenario
    this.stats = ctx.stats
  }

  route(_m, path) {
    return `echo.${path.split('/')[2] ?? 'other'}`
  }

  handle(req, res, url) {
    const r = this.s.runner
    const path = url.pathname
    if (path.startsWith('/stolen')) {
      this.stats.stolen.push({ path, authorization: req.headers.authorization ?? null })
      return sendJson(res, 200, { ok: true })
    }
    if (path === '/echo/text') {
      res.writeHead(200, { 'content-type': 'text/plain' })
      return res.end(`${r.ipv4}\n`)
    }
    if (path === '/echo/json') return sendJson(res, 200, { ip: r.ipv4 })
    if (path === '/echo/v6') return sendJson(res, 200, { ip: r.ipv6 ?? r.ipv4 })
    if (path === '/echo/alternate') {
      res.writeHead(200, { 'content-type': 'text/plain' })
      return res.end(`${r.echoAlternate ?? r.ipv4}\n`)
    }
    if (path === '/echo/garbage') {
      res.writeHead(200, { 'content-type': 'text/plain' })
      return res.end('<html>not an address</html>')
    }
    return sendJson(res, 404, { error: 'not found' })
  }
}
