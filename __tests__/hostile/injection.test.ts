/**
 * Issue 11, promise 1: no server string becomes a workflow command. Hostile text (newline + `::error::`,
 * `::add-mask::word`, `::stop-commands::tok`, the legacy `##[error]` / `##[set-output]` / `##[add-mask]` forms, CR,
 * U+2028, U+0085, bidi overrides) goes into every server field the action prints; stdout may then carry only the
 * action's own commands, no raw line breaks or bidi controls, outputs stay single-line values under the action's
 * own names, and no summary line starts a command. Runs dist/index.js as the runner does.
 */
import { afterAll, afterEach, describe, it } from '@jest/globals'
import {
  ATTACKS,
  commandViolations,
  evil,
  outputViolations,
  rawControlViolations,
  summaryViolations
} from '../helpers/hostile-checks.js'
import {
  API_KEY_INPUTS,
  ORG_ID,
  PROJECT_ID,
  expectRun,
  hostileRun,
  startWorld,
  type RunResult,
  type World
} from '../helpers/hostile-run.js'
import { Servers, editJson } from '../helpers/hostile-server.js'

const servers = new Servers()
afterEach(() => servers.closeAll())
afterAll(() => servers.closeAll())

/** One verdict object, so a failure shows every kind of violation at once. */
function verdict(r: RunResult, world: World) {
  return {
    commands: commandViolations(r.stdout, world.masked()),
    rawControls: rawControlViolations(r.stdout),
    outputs: outputViolations(r.outputs),
    summary: summaryViolations(r.summary),
    statusSet: ['pass', 'warn', 'fail'].includes(r.outputs['status'] ?? '')
  }
}

const CLEAN = { commands: [], rawControls: [], outputs: [], summary: [], statusSet: true }

/** A hostile X-Request-ID: header values cannot carry CR/LF, but can carry both command forms and U+0085. */
const EVIL_HEADER =
  'rid-1 ##[error]PWNED-header ::error::PWNED-header \x85::warning::PWNED-nel \x85##[add-mask]w'

describe('hostile text in every printed server field stays data', () => {
  it('API key identity call (roles[].roleName, apiKey.id, accessList[].cidrBlock), project name, network entry comment and STATUS, Atlas 4xx detail/errorCode, AI 401 message and X-Request-ID', async () => {
    const world = servers.add(
      await startWorld({
        atlas: [
          {
            route: 'atlas.identity',
            reply: editJson(j => {
              j.apiKey.id = evil('apiKey.id')
              j.apiKey.roles = [
                { orgId: ORG_ID, roleName: 'ORG_MEMBER' },
                { groupId: PROJECT_ID, roleName: 'GROUP_READ_ONLY' },
                { groupId: PROJECT_ID, roleName: evil('roleName') },
                ...ATTACKS.map(a => ({ groupId: PROJECT_ID, roleName: `ROLE${a}` }))
              ]
              j.apiKey.accessList = [
                { cidrBlock: evil('cidrBlock') },
                ...ATTACKS.map(a => ({ cidrBlock: `198.51.100.0/24${a}` }))
              ]
            })
          },
          { route: 'atlas.group', reply: editJson(j => void (j.name = evil('project.name'))) },
          {
            route: 'atlas.groups',
            reply: () => ({
              status: 400,
              body: {
                error: 400,
                errorCode: evil('errorCode-4xx'),
                reason: evil('reason'),
                detail: evil('detail-4xx'),
                parameters: [evil('parameters')]
              }
            })
          },
          {
            route: 'atlas.accessList',
            reply: editJson(j => {
              for (const e of j.results) e.comment = evil('entry.comment')
            })
          },
          { route: 'atlas.accessListStatus', reply: () => ({ body: { STATUS: evil('STATUS') } }) }
        ],
        ai: [
          {
            route: 'ai.balance',
            reply: () => ({
              status: 401,
              headers: { 'x-request-id': EVIL_HEADER },
              body: {
                error: {
                  type: evil('ai.type'),
                  code: evil('ai.code'),
                  message: evil('ai.message'),
                  param: null
                },
                request_id: evil('request_id-shadowed')
              }
            })
          }
        ]
      })
    )
    const r = await hostileRun(world.inputs(API_KEY_INPUTS))
    expectRun(r, verdict(r, world), CLEAN)
  })

  it('service account roles (org and project views), Atlas 5xx detail/errorCode, AI balance request_id in the body', async () => {
    const saRoles = () => ['ORG_MEMBER', evil('sa.role'), ...ATTACKS.map(a => `SA${a}`)]
    const world = servers.add(
      await startWorld({
        atlas: [
          { route: 'atlas.serviceAccount', reply: editJson(j => void (j.roles = saRoles())) },
          { route: 'atlas.groupServiceAccount', reply: editJson(j => void (j.roles = saRoles())) },
          {
            route: 'atlas.groups',
            reply: () => ({
              status: 500,
              body: { error: 500, errorCode: evil('errorCode-5xx'), reason: 'x', detail: evil('detail-5xx') }
            })
          }
        ],
        ai: [
          {
            route: 'ai.balance',
            reply: () => ({
              status: 401,
              body: {
                error: { type: 'authentication_error', code: 'invalid_api_key', message: 'Invalid API key.' },
                request_id: evil('request_id')
              }
            })
          }
        ]
      })
    )
    const r = await hostileRun(world.inputs({ 'atlas-org-id': ORG_ID }))
    expectRun(r, verdict(r, world), CLEAN)
  })

  it('token endpoint 400 `error` and `error_description`', async () => {
    const world = servers.add(
      await startWorld({
        atlas: [
          {
            route: 'atlas.token',
            reply: () => ({
              status: 400,
              body: { error: evil('token.error'), error_description: evil('token.error_description') }
            })
          }
        ]
      })
    )
    const r = await hostileRun(world.inputs())
    expectRun(r, verdict(r, world), CLEAN)
  })

  it('Atlas 403 access-list answer (errorCode, detail, parameters) and AI 403 with a hostile block page', async () => {
    const world = servers.add(
      await startWorld({
        atlas: [
          {
            route: /^\/api\/(atlas\/v2|private\/ipinfo)/,
            when: x => !!x.req.headers.authorization?.startsWith('Digest'),
            reply: () => ({
              status: 403,
              body: {
                error: 403,
                errorCode: `IP_ADDRESS_NOT_ON_ACCESS_LIST${evil('errorCode-403')}`,
                reason: 'Forbidden',
                detail: evil('detail-403'),
                parameters: [evil('parameters-403')]
              }
            })
          }
        ],
        ai: [
          {
            route: 'ai.balance',
            reply: () => ({
              status: 403,
              headers: { 'content-type': 'text/html', 'x-request-id': EVIL_HEADER },
              raw: `<html>${evil('block-page')}</html>`
            })
          }
        ]
      })
    )
    const r = await hostileRun(world.inputs(API_KEY_INPUTS))
    expectRun(r, verdict(r, world), CLEAN)
  })
})
