/**
 * Issue 11, the smaller ones, each a finding that says what happened: a token endpoint that redirects; server
 * Markdown in a project name (job summary and tracking issue); an `issue-number` the GitHub API made up;
 * `ip-echo-urls` with credentials; echo services answering private or loopback addresses; `totalCount` of `1e400`
 * or `-1`; a 403 whose `detail` contains `::edge-proxy::` (no `::ed/128` suggestion).
 */
import { afterAll, afterEach, describe, expect, it } from '@jest/globals'
import { startGitHubStandIn } from '../../sandbox/github.js'
import { commandViolations, outputViolations } from '../helpers/hostile-checks.js'
import { API_KEY_INPUTS, KEYS, expectRun, hostileRun, startWorld } from '../helpers/hostile-run.js'
import { Servers, sendJson, startPlain } from '../helpers/hostile-server.js'

const servers = new Servers()
afterEach(() => servers.closeAll())
afterAll(() => servers.closeAll())

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g

describe('smaller trust findings', () => {
  it('a token endpoint that redirects: the finding says it redirected', async () => {
    const world = servers.add(
      await startWorld({
        atlas: [
          {
            route: 'atlas.token',
            reply: () => ({ status: 302, headers: { location: 'https://evil.example/api/oauth/token' } })
          }
        ]
      })
    )
    const r = await hostileRun(world.inputs())
    const auth = r.findings.filter(f => f.check === 'atlas-auth' && f.severity === 'error')
    expectRun(
      r,
      { saysRedirect: auth.some(f => /redirect/i.test(f.seen)), ids: auth.map(f => f.id) },
      { saysRedirect: true, ids: [expect.any(String)] }
    )
  })

  it('Markdown in a project name renders as text in the job summary and the tracking issue', async () => {
    const name = '![x](https://evil.example/p.png) [Fix it here](https://evil.example)'
    const { r, api } = await projectNamedInTrackingIssue(name, 'ghs_markdown0123456789')
    const rendered = (text: string) => {
      const t = text.replace(ZERO_WIDTH, '')
      return {
        image: /(^|[^\\])!\[[^\]]*\]\(/.test(t),
        link: /(^|[^\\])\[[^\]]*\]\(https:\/\/evil\.example/.test(t) || /\]\(https:\/\/evil\.example/.test(t)
      }
    }
    expectRun(
      r,
      {
        nameReachedTheRun: JSON.stringify(r.report ?? {}).includes('evil.example'),
        summary: rendered(r.summary),
        issueOpened: api.issues.length,
        issue: rendered(api.issues.map(i => i.body).join('\n'))
      },
      {
        nameReachedTheRun: true,
        summary: { image: false, link: false },
        issueOpened: 1,
        issue: { image: false, link: false }
      }
    )
  })

  it('mentions and references in server text stay dead in the tracking issue (issue 19 item 10)', async () => {
    const name = 'Deploys @octo-org/admins cc @alice, see #12 and GH-7'
    const { r, api } = await projectNamedInTrackingIssue(name, 'ghs_mentions0123456789')
    const body = api.issues.map(i => i.body).join('\n')
    expectRun(
      r,
      {
        issueOpened: api.issues.length,
        // Readable once the zero-width spaces are taken out: the name is quoted, not dropped.
        nameQuoted: body.replace(ZERO_WIDTH, '').replace(/\\/g, '').includes('@octo-org/admins cc @alice'),
        liveMentions: body.match(/@[A-Za-z0-9][\w/-]*/g) ?? [],
        liveReferences: body.match(/(#|\bGH-)[0-9]+/gi) ?? []
      },
      { issueOpened: 1, nameQuoted: true, liveMentions: [], liveReferences: [] }
    )
  })

  it('an issue number the GitHub API made up (`"5\\n::error::PWNED"`) is not an output, and not a command', async () => {
    const token = 'ghs_hostile0123456789'
    const github = servers.add(
      await startPlain((req, res) => {
        if (req.method === 'GET') return sendJson(res, 200, [])
        return sendJson(res, 201, { number: '5\n::error::PWNED', title: 't', body: '', state: 'open' })
      })
    )
    const world = servers.add(await startWorld())
    const r = await hostileRun(
      world.inputs({ 'min-credits': '100000', 'open-issue': 'true', 'github-token': token }),
      { env: { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '8' } }
    )
    expectRun(
      r,
      {
        created: github.requests.some(q => q.method === 'POST'),
        issueNumber: r.outputs['issue-number'] ?? 'absent',
        outputs: outputViolations(r.outputs),
        commands: commandViolations(r.stdout, world.masked([token]))
      },
      { created: true, issueNumber: expect.stringMatching(/^(\d+|absent)$/), outputs: [], commands: [] }
    )
  })

  it('`ip-echo-urls` with `user:pw@` is an input error, not a network error', async () => {
    const r = await hostileRun({ 'ai-api-key': KEYS.aiKey, 'ip-echo-urls': 'https://user:pw@echo.example/' })
    expectRun(
      r,
      {
        inputError: r.findings.some(
          f =>
            f.id.startsWith('inputs/') &&
            f.severity === 'error' &&
            /ip-echo-urls/.test(`${f.title} ${f.seen}`)
        ),
        networkError: r.findings.filter(f => /unreachable|not-detected/.test(f.id)).map(f => f.id),
        password: r.stdout.includes('user:pw')
      },
      { inputError: true, networkError: [], password: false }
    )
  })

  it.each(['10.0.0.1', '127.0.0.1'])(
    'an echo service answering %s: a warning that it is not public, and egress-ip is not set to it',
    async address => {
      const echo = servers.add(
        await startPlain((req, res) => {
          if (req.url?.startsWith('/json')) return sendJson(res, 200, { ip: address })
          res.writeHead(200, { 'content-type': 'text/plain' })
          res.end(`${address}\n`)
        })
      )
      const world = servers.add(await startWorld())
      const r = await hostileRun({
        'ai-api-key': KEYS.aiKey,
        'ai-base-url': world.ai.url,
        'ip-echo-urls': `${echo.url}/text\n${echo.url}/json`
      })
      const egress = r.findings.filter(f => f.check === 'egress-ip')
      expectRun(
        r,
        {
          egressIp: r.outputs['egress-ip'] ?? '',
          warnsNotPublic: egress.some(
            f => f.severity !== 'notice' && /public|private|loopback/i.test(`${f.title} ${f.seen}`)
          )
        },
        { egressIp: expect.not.stringContaining(address), warnsNotPublic: true }
      )
    }
  )

  it('an address that starts with `::` stays byte-exact in the JSON report and its output (issue 19 item 12)', async () => {
    const echo = servers.add(
      await startPlain((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' })
        res.end('::1\n')
      })
    )
    const world = servers.add(await startWorld())
    const r = await hostileRun({
      'ai-api-key': KEYS.aiKey,
      'ai-base-url': world.ai.url,
      'ip-echo-urls': `${echo.url}/text`
    })
    const egress = JSON.stringify(r.report?.checks.find(c => c.id === 'egress-ip') ?? {})
    expectRun(
      r,
      {
        reportQuotesIt: egress.includes('"::1"'),
        outputQuotesIt: (r.outputs['report'] ?? '').includes('"::1"'),
        rewritten: /\u200b|\\u200b/.test(egress + (r.outputs['report'] ?? ''))
      },
      { reportQuotesIt: true, outputQuotesIt: true, rewritten: false }
    )
  })

  it.each(['1e400', '-1'])('`totalCount: %s`: projects-visible is a whole number or unset', async total => {
    const world = servers.add(
      await startWorld({
        atlas: [
          {
            route: 'atlas.groups',
            reply: async x => {
              const u = await x.upstream()
              if (u.status !== 200) return 'pass'
              return {
                headers: { 'content-type': u.headers['content-type']! },
                raw: u.body.replace(/"totalCount":\s*-?\d+/, `"totalCount":${total}`)
              }
            }
          }
        ]
      })
    )
    const r = await hostileRun(world.inputs(API_KEY_INPUTS))
    expect(world.atlas.requests.some(q => q.route === 'atlas.groups')).toBe(true)
    expectRun(
      r,
      { projectsVisible: r.outputs['projects-visible'] ?? '' },
      { projectsVisible: expect.stringMatching(/^(\d+)?$/) }
    )
  })

  it('a 403 whose detail contains `::edge-proxy::` does not make `::ed` the runner’s address', async () => {
    const world = servers.add(
      await startWorld({
        atlas: [
          {
            route: /^\/api\/(atlas\/v2|private\/ipinfo)/,
            when: x => !!x.req.headers.authorization,
            reply: () => ({
              status: 403,
              body: {
                error: 403,
                errorCode: 'IP_ADDRESS_NOT_ON_ACCESS_LIST',
                reason: 'Forbidden',
                detail: 'Request blocked by ::edge-proxy:: policy for this caller.'
              }
            })
          }
        ]
      })
    )
    const r = await hostileRun(world.inputs(API_KEY_INPUTS))
    const everything = [r.stdout, r.summary, r.outputs['report'] ?? '', r.reportFile ?? '']
      .join('\n')
      .replace(ZERO_WIDTH, '')
    expectRun(
      r,
      {
        suggestsEd: /(^|[^0-9a-f:])::?ed\/128/i.test(everything),
        egressIpv6: r.outputs['egress-ipv6'] ?? '',
        egressIp: r.outputs['egress-ip'] ?? '',
        apiAccessList: r.outputs['api-access-list']
      },
      { suggestsEd: false, egressIpv6: '', egressIp: '203.0.113.10', apiAccessList: 'denied' }
    )
  })
})

/**
 * A run whose project name comes from a hostile Atlas (`name`), with min-credits above the balance: the run fails,
 * so the tracking issue is opened with the summary on a GitHub stand-in.
 */
async function projectNamedInTrackingIssue(name: string, token: string) {
  const api = await startGitHubStandIn({ token })
  servers.add({ close: () => api.stop() })
  const world = servers.add(
    await startWorld({
      scenario: undefined,
      atlas: [
        {
          route: 'atlas.group',
          reply: async x => {
            const u = await x.upstream()
            if (u.status !== 200) return 'pass'
            return { headers: { 'content-type': u.headers['content-type']! }, body: { ...u.json(), name } }
          }
        }
      ]
    })
  )
  const r = await hostileRun(
    world.inputs({ 'min-credits': '100000', 'open-issue': 'true', 'github-token': api.token }),
    {
      env: {
        GITHUB_API_URL: api.url,
        GITHUB_REPOSITORY: 'o/r',
        GITHUB_RUN_ID: '7',
        GITHUB_SERVER_URL: 'https://github.example.com'
      }
    }
  )
  return { r, api }
}
