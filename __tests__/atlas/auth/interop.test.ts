/**
 * Interop with third-party implementations, not only our own sandbox: Apache httpd's mod_auth_digest must accept
 * the action's Digest requests unchanged (one challenge for concurrent calls, a wrong key refused), and a real
 * OAuth 2.0 server (oidc-provider) must accept its client-credentials token request and revocation. .ci/run
 * installs Apache from Debian; on a machine without it this suite says so and skips (in CI it fails instead).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Provider from 'oidc-provider'
import { DigestSession } from '../../../src/atlas/auth/digest.js'
import { AtlasClient } from '../../../src/atlas/client.js'
import * as shapes from '../../../src/atlas/shapes.js'
import { TokenProvider } from '../../../src/atlas/auth/oauth.js'
import { testHttp } from '../../helpers/http.js'
import { DigestAuth } from '../../../src/atlas/auth/authorizer.js'

const APACHE = '/usr/sbin/apache2'
const MODULES = '/usr/lib/apache2/modules'
const haveApache = existsSync(APACHE) && existsSync(join(MODULES, 'mod_auth_digest.so'))
if (!haveApache && process.env['CI'] === 'true')
  throw new Error('Apache httpd with mod_auth_digest is required in CI (.ci/run installs it)')
if (!haveApache)
  console.warn(
    'interop: Apache httpd not installed here, skipping the mod_auth_digest test (apt-get install apache2)'
  )

const PUB = 'interopk'
const PRIV = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'
const IDENTITY = {
  apiKey: {
    accessList: [],
    id: '65a1b2c3d4e5f60718293a50',
    publicKey: PUB,
    roles: [{ orgId: '65a1b2c3d4e5f60718293a4b', roleName: 'ORG_MEMBER' }]
  },
  appName: 'MongoDB Atlas',
  build: 'apache',
  throttling: false
}

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>(r => s.listen(0, '127.0.0.1', () => r()))
  const port = (s.address() as AddressInfo).port
  await new Promise(r => s.close(r))
  return port
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`apache2 exited with ${child.exitCode}`)
    const ok = await new Promise<boolean>(resolve => {
      const c = connect(port, '127.0.0.1', () => {
        c.destroy()
        resolve(true)
      })
      c.on('error', () => resolve(false))
    })
    if (ok) return
    await new Promise(r => setTimeout(r, 25))
  }
  throw new Error('apache2 did not start listening')
}

;(haveApache ? describe : describe.skip)(
  'Apache httpd mod_auth_digest accepts the action’s Digest requests',
  () => {
    let dir: string
    let child: ChildProcess
    let base: string
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'apache-digest-'))
      chmodSync(dir, 0o755)
      const port = await freePort()
      base = `http://127.0.0.1:${port}`
      const ha1 = createHash('md5').update(`${PUB}:MMS Public API:${PRIV}`).digest('hex')
      writeFileSync(join(dir, 'htdigest'), `${PUB}:MMS Public API:${ha1}\n`, { mode: 0o644 })
      writeFileSync(join(dir, 'identity.json'), JSON.stringify(IDENTITY), { mode: 0o644 })
      const mods = [
        'mpm_event',
        'authz_core',
        'authz_user',
        'authn_core',
        'authn_file',
        'auth_digest',
        'alias',
        'mime',
        'log_config',
        'unixd'
      ]
      const conf = [
        `ServerRoot "${dir}"`,
        'ServerName 127.0.0.1',
        `Listen 127.0.0.1:${port}`,
        `PidFile ${dir}/httpd.pid`,
        `ErrorLog ${dir}/error.log`,
        'LogLevel warn',
        // Some are compiled in on Debian (log_config, unixd): load only the ones shipped as modules.
        ...mods
          .filter(m => existsSync(join(MODULES, `mod_${m}.so`)))
          .map(m => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`),
        ...(process.getuid?.() === 0 ? ['User www-data', 'Group www-data'] : []),
        `Mutex file:${dir}`,
        `DocumentRoot ${dir}`,
        '<IfModule mime_module>',
        '  TypesConfig /dev/null',
        '</IfModule>',
        'LogFormat "%>s %m %U%q" simple',
        `CustomLog ${dir}/access.log simple`,
        `Alias /api/atlas/v2 ${dir}/identity.json`,
        '<Location "/api/atlas/v2">',
        '  AuthType Digest',
        '  AuthName "MMS Public API"',
        '  AuthDigestProvider file',
        `  AuthUserFile ${dir}/htdigest`,
        '  Require valid-user',
        '  ForceType application/json',
        '</Location>',
        `<Directory "${dir}">`,
        '  Require all granted',
        '</Directory>'
      ].join('\n')
      writeFileSync(join(dir, 'httpd.conf'), conf + '\n', { mode: 0o644 })
      const check = spawnSync(APACHE, ['-t', '-f', join(dir, 'httpd.conf')], { encoding: 'utf8' })
      if (check.status !== 0) throw new Error(`apache2 config: ${check.stderr}`)
      child = spawn(APACHE, ['-f', join(dir, 'httpd.conf'), '-DFOREGROUND'], { stdio: 'ignore' })
      try {
        await waitForPort(port, child)
      } catch (err) {
        const errors = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''
        throw new Error(`${(err as Error).message}: ${errors}`)
      }
    })
    afterAll(async () => {
      if (child && child.exitCode === null) {
        child.kill('SIGTERM')
        await new Promise(r => child.once('exit', r))
      }
      if (dir) rmSync(dir, { recursive: true, force: true })
    })

    const log = () => readFileSync(join(dir, 'access.log'), 'utf8').trim().split('\n').filter(Boolean)

    it('authenticates the identity call, and concurrent calls cost one challenge', async () => {
      const t = testHttp([base])
      const session = new DigestSession(PUB, PRIV)
      const atlas = new AtlasClient(t.http, base, new DigestAuth(session))
      const identity = await atlas.identity()
      expect(identity.ok && identity.data.apiKey?.publicKey).toBe(PUB)
      const more = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          atlas.get(`/api/atlas/v2?pageNum=${i + 2}`, '2023-01-01', shapes.systemStatus)
        )
      )
      expect(more.every(r => r.ok)).toBe(true)
      const statuses = log().map(l => l.split(' ')[0])
      expect(statuses.filter(s => s === '401')).toHaveLength(1)
      expect(statuses.filter(s => s === '200')).toHaveLength(7)
      expect(session.challenges).toBe(1)
      await t.close()
    })

    it('refuses a wrong private key, classified as a bad key pair', async () => {
      const t = testHttp([base])
      const atlas = new AtlasClient(
        t.http,
        base,
        new DigestAuth(new DigestSession(PUB, '00000000-0000-4000-8000-000000000000'))
      )
      const r = await atlas.identity()
      expect(!r.ok && r.failure.kind).toBe('bad-api-key')
      await t.close()
    })
  }
)

describe('oidc-provider (a real OAuth 2.0 server) accepts the token request and the revocation', () => {
  const ID = 'mdb_sa_id_65a1b2c3d4e5f60718293a51'
  const SECRET = 'mdb_sa_sk_Interop_secret_with_underscores_0123'
  let server: Server
  let base: string
  beforeAll(async () => {
    server = createServer()
    await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const provider = new Provider(base, {
      clients: [
        {
          client_id: ID,
          client_secret: SECRET,
          grant_types: ['client_credentials'],
          redirect_uris: [],
          response_types: [],
          token_endpoint_auth_method: 'client_secret_basic'
        }
      ],
      features: {
        clientCredentials: { enabled: true },
        revocation: { enabled: true },
        devInteractions: { enabled: false }
      },
      ttl: { ClientCredentials: 3600 },
      // Atlas's paths (docs/reference/atlas-admin-api.md §3).
      routes: { token: '/api/oauth/token', revocation: '/api/oauth/revoke' }
    })
    server.on('request', provider.callback())
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise(r => server.close(r))
  })

  it('issues a token to HTTP Basic client authentication built from the raw id and secret', async () => {
    const t = testHttp([base])
    const minted: string[] = []
    const tokens = new TokenProvider(t.http, base, ID, SECRET, s => minted.push(s))
    const r = await tokens.token()
    expect(r.ok && r.tokenType).toBe('Bearer')
    expect(minted).toHaveLength(1)
    const revoked = await tokens.revoke()
    expect(revoked?.ok && revoked.status).toBe(200)
    await t.close()
  })

  it('answers a wrong secret with 401 invalid_client, as Atlas does', async () => {
    const t = testHttp([base])
    const r = await new TokenProvider(t.http, base, ID, 'mdb_sa_sk_wrong', () => undefined).token()
    expect(!r.ok && r.result.ok && [r.result.status, (r.result.json as { error: string }).error]).toEqual([
      401,
      'invalid_client'
    ])
    await t.close()
  })
})
