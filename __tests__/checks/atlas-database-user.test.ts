import { describe, expect, it } from '@jest/globals'
import { atlasDatabaseUserCheck } from '../../src/checks/index.js'
import { classify } from '../../src/atlas/errors.js'
import { declaredFindings } from '../../src/core/finding.js'
import {
  API_KEY_INPUTS,
  CLIENT_SECRET,
  NOW,
  PROJECT_ID,
  atlasError,
  json,
  problems,
  runCheck,
  seenOf,
  statusOf
} from '../helpers/check-context.js'

const INPUTS = {
  ...API_KEY_INPUTS,
  'atlas-project-id': PROJECT_ID,
  cluster: 'Cluster0',
  'database-user': 'app-deploy'
}
const USER = `GET /api/atlas/v2/groups/${PROJECT_ID}/databaseUsers/admin/app-deploy`
const EXTERNAL = `GET /api/atlas/v2/groups/${PROJECT_ID}/databaseUsers/%24external/app-deploy`
const inHours = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString()
const user = (extra: Record<string, unknown> = {}) =>
  json(200, {
    username: 'app-deploy',
    databaseName: 'admin',
    roles: [{ roleName: 'readWrite', databaseName: 'app' }],
    scopes: [{ name: 'Cluster0', type: 'CLUSTER' }],
    ...extra
  })

describe('atlas-database-user', () => {
  it('pass: exists, scoped to the cluster, with a role', async () => {
    const { outcome } = await runCheck(atlasDatabaseUserCheck, { inputs: INPUTS, routes: { [USER]: user() } })
    expect(statusOf(outcome)).toBe('pass')
    expect(seenOf(outcome)).toContain('scoped to Cluster0, with role(s) readWrite@app')
  })

  it('pass: empty scopes mean every cluster', async () => {
    const { outcome } = await runCheck(atlasDatabaseUserCheck, {
      inputs: INPUTS,
      routes: { [USER]: user({ scopes: [] }) }
    })
    expect(seenOf(outcome)).toContain('every cluster of the project')
  })

  it('atlas-database-user/not-found, and a hint when the user lives in the other database', async () => {
    const { outcome } = await runCheck(atlasDatabaseUserCheck, {
      inputs: INPUTS,
      routes: {
        [USER]: atlasError(404, 'USERNAME_NOT_FOUND'),
        [EXTERNAL]: user({ databaseName: '$external' })
      }
    })
    expect(problems(outcome)).toEqual([['atlas-database-user/not-found', 'error']])
    expect(seenOf(outcome)).toContain('`database-user: $external/app-deploy`')
  })

  it('atlas-database-user/wrong-cluster', async () => {
    const { outcome } = await runCheck(atlasDatabaseUserCheck, {
      inputs: INPUTS,
      routes: { [USER]: user({ scopes: [{ name: 'Cluster1', type: 'CLUSTER' }] }) }
    })
    expect(problems(outcome)).toEqual([['atlas-database-user/wrong-cluster', 'error']])
    expect(seenOf(outcome)).toContain('scoped to cluster(s) Cluster1, not to Cluster0')
  })

  it('atlas-database-user/expired and atlas-database-user/expiring', async () => {
    const past = await runCheck(atlasDatabaseUserCheck, {
      inputs: INPUTS,
      routes: { [USER]: user({ deleteAfterDate: inHours(-1) }) }
    })
    expect(problems(past.outcome)).toEqual([['atlas-database-user/expired', 'error']])
    const soon = await runCheck(atlasDatabaseUserCheck, {
      inputs: INPUTS,
      routes: { [USER]: user({ deleteAfterDate: inHours(3) }) }
    })
    expect(problems(soon.outcome)).toEqual([['atlas-database-user/expiring', 'warning']])
  })

  it('atlas-database-user/no-roles', async () => {
    const { outcome } = await runCheck(atlasDatabaseUserCheck, {
      inputs: INPUTS,
      routes: { [USER]: user({ roles: [] }) }
    })
    expect(problems(outcome)).toEqual([['atlas-database-user/no-roles', 'error']])
  })

  it('atlas-database-user/credential-as-user: a service account secret is named, masked, never sent or quoted', async () => {
    const { outcome, http, services } = await runCheck(atlasDatabaseUserCheck, {
      inputs: { ...INPUTS, 'database-user': CLIENT_SECRET }
    })
    expect(problems(outcome)).toEqual([['atlas-database-user/credential-as-user', 'error']])
    expect(seenOf(outcome)).toContain('an Atlas service account secret')
    expect(JSON.stringify(outcome)).not.toContain(CLIENT_SECRET.slice(10))
    expect(http.calls).toEqual([])
    expect(services.redactor.redact(`x ${CLIENT_SECRET} y`)).toBe('x *** y')
  })

  it('atlas-database-user/credential-as-user: the API key public key given as user name', async () => {
    const { outcome, http } = await runCheck(atlasDatabaseUserCheck, {
      inputs: { ...INPUTS, 'database-user': API_KEY_INPUTS['atlas-public-key'] }
    })
    expect(problems(outcome)).toEqual([['atlas-database-user/credential-as-user', 'error']])
    expect(http.calls).toEqual([])
  })

  it('atlas-database-user/unreadable without Project Read Only; shared failures (atlas-database-user/atlas-unavailable)', async () => {
    const a = await runCheck(atlasDatabaseUserCheck, {
      inputs: INPUTS,
      routes: { [USER]: atlasError(401, 'USER_UNAUTHORIZED') }
    })
    expect(problems(a.outcome)).toEqual([['atlas-database-user/unreadable', 'warning']])
    const b = await runCheck(atlasDatabaseUserCheck, { inputs: INPUTS, routes: { [USER]: atlasError(500) } })
    expect(problems(b.outcome)).toEqual([['atlas-database-user/atlas-unavailable', 'error']])
  })

  it('$external users are read from $external', async () => {
    const { http } = await runCheck(atlasDatabaseUserCheck, {
      inputs: { ...INPUTS, 'database-user': '$external/app-deploy' },
      routes: { [EXTERNAL]: user({ databaseName: '$external' }) }
    })
    expect(http.paths()).toEqual([EXTERNAL])
  })

  it('an OIDC group user is read from admin as <idp id>/<group> (the / percent-encoded), as Atlas keeps it', async () => {
    const OIDC = `GET /api/atlas/v2/groups/${PROJECT_ID}/databaseUsers/admin/0oa1b2c3d4e5f6g7h8i9%2Fdeployers`
    const { outcome, http } = await runCheck(atlasDatabaseUserCheck, {
      inputs: { ...INPUTS, 'database-user': '0oa1b2c3d4e5f6g7h8i9/deployers' },
      routes: { [OIDC]: user({ username: '0oa1b2c3d4e5f6g7h8i9/deployers', oidcAuthType: 'IDP_GROUP' }) }
    })
    expect(http.paths()).toEqual([OIDC])
    expect(statusOf(outcome)).toBe('pass')
  })

  it('an OIDC group user written $external/<idp id>/<group> (the old advice) is pointed to admin', async () => {
    const EXT = `GET /api/atlas/v2/groups/${PROJECT_ID}/databaseUsers/%24external/0oa1%2Fdeployers`
    const ADMIN = `GET /api/atlas/v2/groups/${PROJECT_ID}/databaseUsers/admin/0oa1%2Fdeployers`
    const { outcome } = await runCheck(atlasDatabaseUserCheck, {
      inputs: { ...INPUTS, 'database-user': '$external/0oa1/deployers' },
      routes: {
        [EXT]: atlasError(404, 'USERNAME_NOT_FOUND'),
        [ADMIN]: user({ username: '0oa1/deployers', oidcAuthType: 'IDP_GROUP' })
      }
    })
    expect(problems(outcome)).toEqual([['atlas-database-user/not-found', 'error']])
    expect(seenOf(outcome)).toContain('`database-user: 0oa1/deployers`')
  })

  it('the not-found fix says where OIDC group users live', () => {
    const fix = JSON.stringify(declaredFindings(atlasDatabaseUserCheck.findings))
    expect(fix).toContain('an OIDC group user is in `admin`')
    expect(fix).not.toMatch(/\$external\/<name>` for X\.509, LDAP, OIDC/)
  })
})

describe('Atlas errors of the cluster path are classified, not "unexpected"', () => {
  it.each([
    [404, 'CLUSTER_NOT_FOUND'],
    [400, 'CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API'],
    [400, 'CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API'],
    [404, 'USERNAME_NOT_FOUND']
  ])('%i %s → not-found', (status, code) => {
    expect(classify(atlasError(status, code), 'bearer')).toMatchObject({
      kind: 'not-found',
      status,
      errorCode: code
    })
  })
})
