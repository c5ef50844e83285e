// A local stand-in for the few GitHub REST API calls the tracking issue makes (list, create, update, comment),
// for tests and users' own workflow tests. `permission: 'read'` answers writes with 403 as GitHub does for a
// token without issues: write.
import { createServer } from 'node:http'
import { readBody, sendJson } from './http-util.js'

export async function startGitHubStandIn({ token = 'ghs_standin', permission = 'write' } = {}) {
  const issues = []
  const comments = []
  const requests = []
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const body = req.method === 'GET' ? '' : await readBody(req)
    requests.push({ method: req.method, path: url.pathname, body })
    const auth = req.headers.authorization ?? ''
    if (auth !== `token ${token}` && auth !== `Bearer ${token}`)
      return sendJson(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest'
      })
    const m = /^\/repos\/([^/]+)\/([^/]+)\/issues(?:\/(\d+))?(\/comments)?$/.exec(url.pathname)
    if (!m) return sendJson(res, 404, { message: 'Not Found' })
    const number = m[3] ? Number(m[3]) : undefined
    if (req.method !== 'GET' && permission !== 'write')
      return sendJson(res, 403, { message: 'Resource not accessible by integration', status: '403' })
    if (req.method === 'GET' && !number) {
      const state = url.searchParams.get('state') ?? 'open'
      const perPage = Number(url.searchParams.get('per_page') ?? 30)
      const page = Number(url.searchParams.get('page') ?? 1)
      const list = issues
        .filter(i => state === 'all' || i.state === state)
        .sort((a, b) => b.number - a.number)
      return sendJson(res, 200, list.slice((page - 1) * perPage, page * perPage))
    }
    const data = body ? JSON.parse(body) : {}
    if (req.method === 'POST' && !number) {
      const issue = {
        number: issues.length + 1,
        title: data.title,
        body: data.body,
        state: 'open',
        state_reason: null
      }
      issues.push(issue)
      return sendJson(res, 201, issue)
    }
    const issue = issues.find(i => i.number === number)
    if (!issue) return sendJson(res, 404, { message: 'Not Found' })
    if (req.method === 'POST' && m[4]) {
      const c = { id: comments.length + 1, issue: number, body: data.body }
      comments.push(c)
      return sendJson(res, 201, c)
    }
    if (req.method === 'PATCH') {
      Object.assign(issue, data)
      return sendJson(res, 200, issue)
    }
    return sendJson(res, 404, { message: 'Not Found' })
  })
  await new Promise(r => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    token,
    issues,
    comments,
    requests,
    async stop() {
      server.closeAllConnections()
      await new Promise(r => server.close(r))
    }
  }
}
