/**
 * Releasing: scripts/release-check.js refuses a tag that package.json, package-lock.json, src/version.ts or
 * CHANGELOG.md disagrees with, naming what disagrees, and hands the changelog entry to the release; the release
 * workflow runs it, checks dist/, runs the tests, publishes and moves the major tag; every third-party action in
 * every workflow is pinned by commit SHA.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { validateWorkflow } from '@action-validator/core'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { changelogEntry, checkRelease, repoOf } from '../../scripts/release-check.js'
import { ROOT } from '../../scripts/runner-harness.js'

const SCRIPT = join(ROOT, 'scripts/release-check.js')
const tmp = mkdtempSync(join(tmpdir(), 'release-check-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const CHANGELOG = (versions: string[]) =>
  [
    '# Changelog',
    '',
    '## [Unreleased]',
    '',
    '- Something not released yet.',
    '',
    ...versions.flatMap(v => [`## [${v}] - 2026-12-01`, '', `### Fixed`, '', `- The fix in ${v}.`, '']),
    ...versions.map(v => `[${v}]: https://github.com/atlas-preflight/atlas-preflight/releases/tag/v${v}`),
    ''
  ].join('\n')

let fixtures = 0
/** A temp copy of the files the check reads, each at the given version. */
function fixture(v: {
  pkg?: string
  lock?: string
  ts?: string
  changelog?: string[] | string | null
  files?: Record<string, string>
}) {
  const dir = join(tmp, `f${fixtures++}`)
  mkdirSync(join(dir, 'src'), { recursive: true })
  const base = '1.2.3'
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'atlas-preflight',
      version: v.pkg ?? base,
      repository: { type: 'git', url: 'git+https://github.com/atlas-preflight/atlas-preflight.git' }
    })
  )
  for (const [file, text] of Object.entries(v.files ?? {})) {
    mkdirSync(join(dir, file, '..'), { recursive: true })
    writeFileSync(join(dir, file), text)
  }
  const lock = v.lock ?? base
  writeFileSync(
    join(dir, 'package-lock.json'),
    JSON.stringify({ name: 'atlas-preflight', version: lock, packages: { '': { version: lock } } })
  )
  writeFileSync(
    join(dir, 'src/version.ts'),
    `/** Kept in step with package.json. */\nexport const VERSION = '${v.ts ?? base}'\n`
  )
  if (v.changelog !== null)
    writeFileSync(
      join(dir, 'CHANGELOG.md'),
      typeof v.changelog === 'string' ? v.changelog : CHANGELOG(v.changelog ?? [base, '1.2.2'])
    )
  return dir
}

function run(dir: string, tag: string | undefined, env: Record<string, string> = {}) {
  const notes = join(dir, 'notes.md')
  const output = join(dir, 'github-output')
  writeFileSync(output, '')
  const r = spawnSync(
    process.execPath,
    [
      SCRIPT,
      ...(tag === undefined ? [] : ['--tag', tag]),
      '--root',
      dir,
      '--notes-out',
      notes,
      '--github-output',
      output
    ],
    { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', ...env } }
  )
  const read = (f: string) => {
    try {
      return readFileSync(f, 'utf8')
    } catch {
      return undefined
    }
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, notes: read(notes), output: read(output) }
}

describe('scripts/release-check.js', () => {
  it('passes when the tag, package.json, package-lock.json, src/version.ts and CHANGELOG.md agree', () => {
    const r = run(fixture({}), 'v1.2.3')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.notes).toBe('### Fixed\n\n- The fix in 1.2.3.\n')
    expect(r.output).toBe('version=1.2.3\nmajor=1\nprerelease=false\n')
  })

  it('takes the tag from GITHUB_REF_NAME as the workflow sets it', () => {
    expect(run(fixture({}), undefined, { GITHUB_REF_NAME: 'v1.2.3' }).status).toBe(0)
    const r = run(fixture({}), undefined)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('no tag given')
  })

  it('fails when package.json disagrees, naming it and both versions', () => {
    const r = run(fixture({ pkg: '1.2.4' }), 'v1.2.3')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('package.json "version" says 1.2.4 but the tag v1.2.3 says 1.2.3')
    expect(r.stderr).not.toMatch(/CHANGELOG|version\.ts|package-lock/)
    expect(r.notes).toBeUndefined()
    expect(r.output).toBe('')
  })

  it('fails when package-lock.json was not updated with package.json', () => {
    const r = run(fixture({ lock: '1.2.2' }), 'v1.2.3')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('package-lock.json "version"')
    expect(r.stderr).toContain('says 1.2.2 but the tag v1.2.3 says 1.2.3')
  })

  it('fails when src/version.ts (the report and --version) disagrees', () => {
    const r = run(fixture({ ts: '1.2.2' }), 'v1.2.3')
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('src/version.ts VERSION')
    expect(r.stderr).toContain('says 1.2.2 but the tag v1.2.3 says 1.2.3')
  })

  it('fails when CHANGELOG.md has no entry for the version, or an empty one, or is missing', () => {
    const none = run(fixture({ changelog: ['1.2.2'] }), 'v1.2.3')
    expect(none.status).toBe(1)
    expect(none.stderr).toContain('CHANGELOG.md has no "## [1.2.3]" entry')
    const empty = run(fixture({ changelog: '# Changelog\n\n## [1.2.3]\n\n## [1.2.2]\n\n- x\n' }), 'v1.2.3')
    expect(empty.status).toBe(1)
    expect(empty.stderr).toContain('CHANGELOG.md\'s "## [1.2.3]" entry is empty')
    const missing = run(fixture({ changelog: null }), 'v1.2.3')
    expect(missing.status).toBe(1)
    expect(missing.stderr).toContain('CHANGELOG.md is missing')
  })

  it('fails when the tag is not the version: every file that disagrees is named, not only the first', () => {
    const r = run(fixture({}), 'v1.3.0')
    expect(r.status).toBe(1)
    for (const what of ['package.json', 'package-lock.json', 'src/version.ts', 'CHANGELOG.md'])
      expect(r.stderr).toContain(what)
    expect(r.stderr).toContain('the tag v1.3.0 says 1.3.0')
  })

  it.each(['1.2.3', 'v1.2', 'v01.2.3', 'v1.2.3+build.5', 'v1.2.3.4', 'release-1.2.3'])(
    'refuses the tag %s, which is not vMAJOR.MINOR.PATCH',
    tag => {
      const r = run(fixture({}), tag)
      expect(r.status).toBe(1)
      expect(r.stderr).toContain(`tag "${tag}" is not vMAJOR.MINOR.PATCH`)
    }
  )

  it('a prerelease passes and says so, so the workflow leaves the major tag alone', () => {
    const v = '2.0.0-rc.1'
    const r = run(fixture({ pkg: v, lock: v, ts: v, changelog: [v] }), `v${v}`)
    expect(r.status).toBe(0)
    expect(r.output).toBe('version=2.0.0-rc.1\nmajor=2\nprerelease=true\n')
  })

  it('refuses a snippet that names another owner or another major, naming the file and line', () => {
    const r = run(
      fixture({
        files: {
          'README.md':
            '# x\n\n```yaml\n- uses: atlas-preflight/atlas-preflight@v1\n- uses: your-org/atlas-preflight@v1\n```\n',
          'docs/pinning.md': 'Pin `atlas-preflight/atlas-preflight@v0` or `@v1.0.0`.\n',
          '.github/ISSUE_TEMPLATE/config.yml': 'url: https://github.com/someone/atlas-preflight/security\n',
          'src/cli.ts': "const help = 'npx atlas-preflight@2.0.0 --json'\n"
        }
      }),
      'v1.2.3'
    )
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      'README.md:5 names your-org/atlas-preflight: write atlas-preflight/atlas-preflight'
    )
    expect(r.stderr).not.toContain('README.md:4')
    expect(r.stderr).toContain(
      'docs/pinning.md:1 pins atlas-preflight/atlas-preflight@v0: this release is major 1'
    )
    expect(r.stderr).toContain(
      '.github/ISSUE_TEMPLATE/config.yml:1 links to github.com/someone/atlas-preflight: write github.com/atlas-preflight/atlas-preflight'
    )
    expect(r.stderr).toContain('src/cli.ts:1 runs npx atlas-preflight@2.0.0')
    expect(r.notes).toBeUndefined()
  })

  it('accepts snippets on this major (a tag or a commit SHA) and ignores the tests and the changelog history', () => {
    const sha = '0123456789abcdef0123456789abcdef01234567'
    const r = run(
      fixture({
        files: {
          'README.md': `- uses: atlas-preflight/atlas-preflight@v1\n- uses: atlas-preflight/atlas-preflight@${sha} # v1.2.3\n`,
          '__tests__/x.test.ts': "const planted = 'your-org/atlas-preflight@v0'\n"
        }
      }),
      'v1.2.3'
    )
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  it('a prerelease of the next major keeps the current major in the snippets, but not another owner', () => {
    const v = '2.0.0-rc.1'
    const files = { 'README.md': '- uses: atlas-preflight/atlas-preflight@v1\n' }
    expect(run(fixture({ pkg: v, lock: v, ts: v, changelog: [v], files }), `v${v}`).status).toBe(0)
    const other = { 'README.md': '- uses: fork/atlas-preflight@v1\n' }
    expect(run(fixture({ pkg: v, lock: v, ts: v, changelog: [v], files: other }), `v${v}`).status).toBe(1)
  })

  it('reads the canonical owner/name from package.json repository in each form npm accepts', () => {
    expect(repoOf({ url: 'git+https://github.com/a/b.git' })).toBe('a/b')
    expect(repoOf('github:a/b')).toBe('a/b')
    expect(repoOf('a/b')).toBe('a/b')
    expect(repoOf('https://github.com/a/b')).toBe('a/b')
    expect(repoOf(undefined)).toBeUndefined()
  })

  it('exits 2 on an unknown option', () => {
    const r = spawnSync(process.execPath, [SCRIPT, '--tga', 'v1.2.3'], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('unknown or incomplete option --tga')
  })

  it('this repository: package.json, package-lock.json, src/version.ts and every snippet agree (the changelog entry comes with the release)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version: string
      repository: unknown
    }
    expect(pkg.version).toMatch(/^[1-9]\d*\./) // the first release is 1.0.0: a tag never moves v0
    expect(repoOf(pkg.repository)).toBe('atlas-preflight/atlas-preflight')
    const problems = checkRelease({ root: ROOT, tag: `v${pkg.version}` }).problems
    const released = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8').includes(`## [${pkg.version}]`)
    const entryMissing = `CHANGELOG.md has no "## [${pkg.version}]" entry: move the Unreleased notes under one`
    expect(problems).toEqual(released ? [] : [entryMissing])
  })
})

describe('changelogEntry', () => {
  const text = CHANGELOG(['1.2.3', '1.2.2'])
  it('is the body up to the next version heading', () => {
    expect(changelogEntry(text, '1.2.2')).toBe('### Fixed\n\n- The fix in 1.2.2.')
  })
  it('does not mistake a prefix or a prerelease for the version', () => {
    expect(changelogEntry('## [1.2.3-rc.1]\n\n- rc\n', '1.2.3')).toBeUndefined()
    expect(changelogEntry('## [11.2.3]\n\n- x\n', '1.2.3')).toBeUndefined()
    expect(changelogEntry('## [1.2.3]\r\n\r\n- crlf\r\n', '1.2.3')).toBe('- crlf')
  })
})

type Step = {
  uses?: string
  run?: string
  with?: Record<string, unknown>
  env?: Record<string, string>
  if?: string
}
type Job = {
  needs?: string | string[]
  if?: string
  permissions?: Record<string, string>
  steps: Step[]
}
type Workflow = {
  on: { push: { tags: string[] } }
  permissions: Record<string, string>
  jobs: Record<string, Job>
}

describe('.github/workflows/release.yml', () => {
  const text = readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8')
  const wf = parse(text) as Workflow
  const runs = (job: Job) => job.steps.map(s => s.run ?? '').join('\n')

  it('is a valid workflow that runs on vX.Y.Z tags', () => {
    expect(validateWorkflow(text).errors).toEqual([])
    expect(wf.on.push.tags).toEqual(['v*.*.*'])
    expect(wf.permissions).toEqual({ contents: 'read' })
  })

  it('checks before it publishes: the version check, dist/ rebuilt and compared, the tests', () => {
    const check = wf.jobs['check'] as Job
    expect(check.permissions).toBeUndefined() // the workflow's contents: read
    expect(runs(check)).toContain('node scripts/release-check.js --tag "$TAG"')
    expect(runs(check)).toMatch(
      /npm ci[\s\S]*npm run bundle[\s\S]*git diff --exit-code -- dist\/[\s\S]*npm test/
    )
    expect(check.steps.find(s => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(24)
  })

  it('publishes with the changelog entry and moves the major tag, with the only write permission', () => {
    const publish = wf.jobs['publish'] as Job
    expect(publish.needs).toBe('check')
    expect(publish.permissions).toEqual({ contents: 'write' })
    const script = runs(publish)
    expect(script).not.toMatch(/npm (ci|install|test|run)/) // no third-party code next to the write token
    expect(script).toContain('--notes-out "$RUNNER_TEMP/notes.md"')
    expect(script).toContain(
      'gh release create "$TAG" --verify-tag --title "$TAG" --notes-file "$RUNNER_TEMP/notes.md"'
    )
    expect(script).toContain('git tag -f "$MAJOR_TAG" "$GITHUB_SHA"')
    expect(script).toContain('git push -f origin "refs/tags/$MAJOR_TAG"')
    const move = publish.steps.find(s => s.run?.includes('git tag -f'))
    expect(move?.if).toContain("prerelease == 'false'")
    expect(move?.env?.['MAJOR_TAG']).toBe('v${{ steps.version.outputs.major }}')
    expect(publish.steps.find(s => s.run?.includes('gh release'))?.env?.['GH_TOKEN']).toBe(
      '${{ github.token }}'
    )
  })
})

describe('.github/workflows/release.yml: the CLI for users without npm, and npm once the name is claimed', () => {
  const wf = parse(readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8')) as Workflow
  const runs = (job: Job) => job.steps.map(s => s.run ?? '').join('\n')

  it('attaches the npm tarball the README and --help run with npx to the GitHub release', () => {
    const script = runs(wf.jobs['publish'] as Job)
    expect(script).toContain('npm pack --ignore-scripts --pack-destination "$RUNNER_TEMP"')
    expect(script).toMatch(/gh release create[^\n]*\\\n\s*"\$RUNNER_TEMP\/atlas-preflight-\$VERSION\.tgz"/)
  })

  it('publishes to npm with provenance only when NPM_PUBLISH is set, after the release, running no dependency', () => {
    const npm = wf.jobs['npm'] as Job
    expect(npm.needs).toBe('publish')
    expect(npm.if).toContain("vars.NPM_PUBLISH == 'true'")
    expect(npm.permissions).toEqual({ contents: 'read', 'id-token': 'write' })
    expect(runs(npm)).toContain('npm publish --provenance --access public --ignore-scripts')
    expect(runs(npm)).not.toMatch(/npm (ci|install|test|run)/)
    expect(npm.steps.find(s => s.uses?.startsWith('actions/setup-node@'))?.with?.['registry-url']).toBe(
      'https://registry.npmjs.org'
    )
  })
})

describe('every workflow pins third-party actions by commit SHA', () => {
  const files = readdirSync(join(ROOT, '.github/workflows')).filter(f => /\.ya?ml$/.test(f))
  it.each(files)('%s', f => {
    const text = readFileSync(join(ROOT, '.github/workflows', f), 'utf8')
    const uses = [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)]
    expect(uses.length).toBeGreaterThan(0)
    for (const [, ref, rest] of uses) {
      if (ref?.startsWith('./')) continue
      expect([ref, rest?.trim()]).toEqual([
        expect.stringMatching(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/),
        expect.stringMatching(/^# v\d+\.\d+\.\d+$/)
      ])
    }
  })
})
