/**
 * The CLI's arguments as a user types them (src/cli.ts, Node's util.parseArgs): boolean inputs as bare flags or with
 * true/false, usage errors (exit 2) for unknown options, missing values, stray arguments and a choice that is not
 * one of the accepted values, none of which ever echoes a value (it may be a secret).
 */
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { help, main, parseArgs, RELEASE_TARBALL } from '../../src/cli.js'
import { VERSION } from '../../src/version.js'

describe('parseArgs', () => {
  it('reads options as --name value and --name=value, and the environment underneath', () => {
    const a = parseArgs(['--fail-on', 'warning', '--timeout-seconds=30', '--json'], {
      ATLAS_PREFLIGHT_ATLAS_PROJECT_ID: '65a1b2c3d4e5f60718293a4c',
      ATLAS_PREFLIGHT_FAIL_ON: 'never'
    })
    expect(a.error).toBeUndefined()
    expect(a.json).toBe(true)
    expect(a.inputs).toEqual({
      'atlas-project-id': '65a1b2c3d4e5f60718293a4c',
      'fail-on': 'warning',
      'timeout-seconds': '30'
    })
  })

  it('a bare boolean flag means true; true/false after it or with = are read too', () => {
    expect(parseArgs(['--lease-network-access', '--json'], {}).inputs).toEqual({
      'lease-network-access': 'true'
    })
    expect(parseArgs(['--lease-network-access', 'false'], {}).inputs).toEqual({
      'lease-network-access': 'false'
    })
    expect(parseArgs(['--export-token=true'], {}).inputs).toEqual({ 'export-token': 'true' })
    expect(parseArgs(['--lease-network-access'], {}).error).toBeUndefined()
  })

  it('a bad choice is a usage error in the CLI’s words, naming the accepted values', () => {
    const a = parseArgs(['--fail-on', 'sometimes'], {})
    expect(a.error).toContain('`--fail-on` must be `error`, `warning` or `never`')
    expect(a.error).not.toContain('sometimes')
    expect(parseArgs(['--lease-network-access=maybe'], {}).error).toContain('`--lease-network-access`')
    expect(parseArgs(['--checks', 'no-such-check'], {}).error).toBeDefined()
    expect(parseArgs([], { ATLAS_PREFLIGHT_FAIL_ON: 'sometimes' }).error).toContain('`--fail-on`')
  })

  it('an unknown option or a missing value is named, never the value', () => {
    expect(parseArgs(['--no-such-flag'], {}).error).toBe('unknown option --no-such-flag (see --help)')
    expect(parseArgs(['--fail-on'], {}).error).toBe('--fail-on needs a value (see --help)')
    expect(parseArgs(['--json=yes'], {}).error).toBe('--json takes no value (see --help)')
  })

  it('a stray argument says where it was and what is expected, without showing it', () => {
    const secret = 'mdb_sa_sk_Zq8Lm3Np5Rt7Vx9Bd2Fh4Jk6Mn8Pq0Rs2'
    const a = parseArgs(['--json', secret], {})
    expect(a.error).toContain('unexpected argument after --json')
    expect(a.error).toContain('Every value follows its option')
    expect(a.error).not.toContain(secret)
    expect(parseArgs(['release'], {}).error).toContain('`lease release`')
  })
})

describe('main: exit status and help', () => {
  const argv = process.argv
  afterEach(() => {
    process.argv = argv
    process.exitCode = undefined
    jest.restoreAllMocks()
  })
  const runMain = async (...args: string[]) => {
    process.argv = ['node', 'atlas-preflight', ...args]
    let out = ''
    let err = ''
    jest.spyOn(process.stdout, 'write').mockImplementation(t => ((out += String(t)), true))
    jest.spyOn(process.stderr, 'write').mockImplementation(t => ((err += String(t)), true))
    await main()
    const code = process.exitCode
    process.exitCode = undefined
    return { code, out, err }
  }

  it.each([[['--fail-on', 'sometimes']], [['--no-such-flag']], [['--fail-on']], [['stray']]])(
    '%j is a usage error: exit 2, one line on stderr, nothing run',
    async args => {
      const r = await runMain(...args)
      expect(r.code).toBe(2)
      expect(r.err).toMatch(/^atlas-preflight: .+\n$/)
      expect(r.out).toBe('')
    }
  )

  it('--help exits 0 and says how to run it until the package is on npm', async () => {
    const r = await runMain('--help')
    expect(r.code ?? 0).toBe(0)
    expect(r.out).toContain(`npx --yes ${RELEASE_TARBALL} --help`)
    expect(r.out).toContain('node atlas-preflight/bin/atlas-preflight.js --help')
    expect(RELEASE_TARBALL).toContain(`/v${VERSION}/atlas-preflight-${VERSION}.tgz`)
  })
})

describe('help', () => {
  it('never presents `npx atlas-preflight` as working before the package is published', () => {
    expect(help()).not.toMatch(/npx atlas-preflight(?!`)/)
    expect(help()).toContain('A bare flag means true.')
  })
})
