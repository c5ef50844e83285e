// Before a release is published: the tag, package.json, package-lock.json, src/version.ts (the version the report
// and `--version` print) and CHANGELOG.md must name the same version, and CHANGELOG.md must have an entry for it.
// Every snippet a user copies (README, docs, `--help`, issue templates, the fleet caller: any `uses:` of the action,
// `github.com/<owner>/atlas-preflight` link or `npx atlas-preflight@x`) must name the repository in package.json's
// `repository` and the tag's major: a snippet naming another owner or major is refused.
//
//   node scripts/release-check.js [--tag v1.2.3] [--root DIR] [--notes-out FILE] [--github-output FILE]
//
// The tag defaults to $GITHUB_REF_NAME. Every disagreement is reported (not only the first), each naming the file
// and both versions; the exit status is 1 then, 2 on a usage error. On success the changelog entry's body is written
// to --notes-out (the release notes) and version, major and prerelease to --github-output (default $GITHUB_OUTPUT).
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

// SemVer 2.0.0 without build metadata (a tag names one release): MAJOR.MINOR.PATCH[-PRERELEASE].
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?$/

const escape = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The body of CHANGELOG.md's `## [version]` entry (up to the next `## ` heading or the link references), or
 * undefined when there is no such entry. The heading may carry a date: `## [1.2.3] - 2026-12-01`.
 * @param {string} changelog
 * @param {string} version
 * @returns {string | undefined}
 */
export function changelogEntry(changelog, version) {
  const lines = changelog.replace(/\r\n/g, '\n').split('\n')
  const heading = new RegExp(`^## \\[${escape(version)}\\](?:\\s|$)`)
  const start = lines.findIndex(l => heading.test(l))
  if (start < 0) return undefined
  const body = []
  for (const line of lines.slice(start + 1)) {
    if (/^## /.test(line) || /^\[[^\]]+\]:\s/.test(line)) break
    body.push(line)
  }
  return body.join('\n').trim()
}

/** The one owner/name every snippet uses when package.json names no GitHub repository. */
export const CANONICAL_REPO = 'atlas-preflight/atlas-preflight'

/** Where snippets live: everything a user reads or copies. Tests plant mismatches on purpose; history stays as it was. */
const SKIP_DIRS = new Set(['node_modules', 'dist', 'lib', 'coverage', '.git', '__tests__'])
const SKIP_FILES = new Set(['CHANGELOG.md', 'scripts/release-check.js', 'package-lock.json'])
const SNIPPET_FILE = /\.(md|ya?ml|ts|js|mjs|cjs|json|txt|sh)$|^CODEOWNERS$/

/**
 * The GitHub `owner/name` from package.json's `repository` (string or object, `github:` or a github.com URL).
 * @param {unknown} repository
 * @returns {string | undefined}
 */
export function repoOf(repository) {
  const url = typeof repository === 'string' ? repository : (repository ?? {}).url
  if (typeof url !== 'string') return undefined
  const m =
    /^(?:github:)?([\w.-]+\/[\w.-]+?)$/.exec(url) ??
    /github\.com[/:]([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/.exec(url)
  return m?.[1]
}

/** @param {string} dir @param {string} root @returns {string[]} */
function snippetFiles(dir, root) {
  const out = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    const rel = relative(root, path).split('\\').join('/')
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...snippetFiles(path, root))
    } else if (SNIPPET_FILE.test(entry.name) && !SKIP_FILES.has(rel)) out.push(rel)
  }
  return out.sort()
}

/**
 * Snippets that name another owner/name or another major than this release: `uses: owner/atlas-preflight@ref`
 * (a tag's major must match; a commit SHA pins any release), links to `github.com/owner/atlas-preflight`, and
 * `npx atlas-preflight@x.y.z`. Each problem names the file, the line and what to write instead.
 * @param {{ root: string, repo: string, major: string }} options
 * @returns {string[]}
 */
export function snippetProblems({ root, repo, major }) {
  const problems = []
  for (const file of snippetFiles(root, root)) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n')
    lines.forEach((line, i) => {
      const at = `${file}:${i + 1}`
      for (const m of line.matchAll(/([\w.-]+)\/(atlas-preflight[\w.-]*)@([\w.-]+)/g)) {
        const [found, owner, repoName, ref] = m
        if (`${owner}/${repoName}` !== repo)
          problems.push(`${at} names ${owner}/${repoName}: write ${repo} (the one published repository)`)
        const version = /^v?(\d+)(?:\.\d+\.\d+(?:-[\w.-]+)?)?$/.exec(ref ?? '')
        if (version && version[1] !== major)
          problems.push(`${at} pins ${found}: this release is major ${major}, write @v${major}`)
      }
      for (const m of line.matchAll(/github\.com\/([\w.-]+)\/(atlas-preflight[\w-]*)/g))
        if (`${m[1]}/${m[2]}` !== repo)
          problems.push(`${at} links to github.com/${m[1]}/${m[2]}: write github.com/${repo}`)
      for (const m of line.matchAll(/npx (?:--yes |-y )?atlas-preflight@v?(\d+)[\w.-]*/g))
        if (m[1] !== major) problems.push(`${at} runs ${m[0]}: this release is major ${major}`)
    })
  }
  return problems
}

/**
 * @param {{ root?: string, tag?: string }} options
 * @returns {{ version?: string, major?: string, prerelease: boolean, notes?: string, problems: string[] }}
 */
export function checkRelease({ root = '.', tag = '' } = {}) {
  const problems = []
  const read = f => {
    const path = join(root, f)
    if (!existsSync(path)) {
      problems.push(`${f} is missing`)
      return undefined
    }
    return readFileSync(path, 'utf8')
  }

  const m = /^v(.+)$/.exec(tag)
  if (!tag) problems.push('no tag given (pass --tag vX.Y.Z or set GITHUB_REF_NAME)')
  else if (!m || !SEMVER.test(m[1]))
    problems.push(`tag "${tag}" is not vMAJOR.MINOR.PATCH (optionally -PRERELEASE), e.g. v1.2.3`)
  const version = m && SEMVER.test(m[1]) ? m[1] : undefined
  if (!version) return { prerelease: false, problems }
  const expect = (what, found) => {
    if (found === undefined) problems.push(`${what}: no version found`)
    else if (found !== version)
      problems.push(`${what} says ${found} but the tag ${tag} says ${version}: make them agree`)
  }

  const pkgText = read('package.json')
  if (pkgText !== undefined) {
    try {
      expect('package.json "version"', JSON.parse(pkgText).version)
    } catch (err) {
      problems.push(`package.json is not valid JSON: ${err instanceof Error ? err.message : err}`)
    }
  }

  const lockPath = join(root, 'package-lock.json')
  if (existsSync(lockPath)) {
    try {
      const lock = JSON.parse(readFileSync(lockPath, 'utf8'))
      expect('package-lock.json "version" (run npm install after changing package.json)', lock.version)
      if (lock.packages?.['']) expect('package-lock.json packages[""].version', lock.packages[''].version)
    } catch (err) {
      problems.push(`package-lock.json is not valid JSON: ${err instanceof Error ? err.message : err}`)
    }
  }

  const versionTs = read('src/version.ts')
  if (versionTs !== undefined)
    expect(
      'src/version.ts VERSION (the version in the report and --version)',
      /^export const VERSION = ['"]([^'"]+)['"]/m.exec(versionTs)?.[1]
    )

  const major = version.split('.')[0]
  let repo = CANONICAL_REPO
  try {
    repo = repoOf(JSON.parse(pkgText ?? '{}').repository) ?? CANONICAL_REPO
  } catch {
    // reported above
  }
  // A prerelease (v2.0.0-rc.1) comes before its major tag exists: the snippets keep the current major until then.
  const prerelease = version.includes('-')
  problems.push(
    ...snippetProblems({ root, repo, major }).filter(p => !prerelease || !/this release is major/.test(p))
  )

  let notes
  const changelog = read('CHANGELOG.md')
  if (changelog !== undefined) {
    notes = changelogEntry(changelog, version)
    if (notes === undefined)
      problems.push(`CHANGELOG.md has no "## [${version}]" entry: move the Unreleased notes under one`)
    else if (notes === '') problems.push(`CHANGELOG.md's "## [${version}]" entry is empty`)
  }

  return {
    version,
    major,
    prerelease,
    notes,
    problems
  }
}

function main(argv) {
  const args = {
    tag: process.env['GITHUB_REF_NAME'] ?? '',
    root: '.',
    githubOutput: process.env['GITHUB_OUTPUT']
  }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const value = argv[i + 1]
    const key = {
      '--tag': 'tag',
      '--root': 'root',
      '--notes-out': 'notesOut',
      '--github-output': 'githubOutput'
    }[flag]
    if (!key || value === undefined) {
      process.stderr.write(
        `release-check: unknown or incomplete option ${flag}\n` +
          'usage: node scripts/release-check.js [--tag vX.Y.Z] [--root DIR] [--notes-out FILE] [--github-output FILE]\n'
      )
      return 2
    }
    args[key] = value
    i++
  }
  const result = checkRelease({ root: resolve(args.root), tag: args.tag })
  if (result.problems.length > 0) {
    process.stderr.write(`release-check: ${args.tag || '(no tag)'} cannot be released:\n`)
    for (const p of result.problems) process.stderr.write(`  - ${p}\n`)
    return 1
  }
  if (args.notesOut) writeFileSync(args.notesOut, `${result.notes}\n`)
  if (args.githubOutput)
    appendFileSync(
      args.githubOutput,
      `version=${result.version}\nmajor=${result.major}\nprerelease=${result.prerelease}\n`
    )
  process.stdout.write(
    `release-check: ${args.tag} agrees with package.json, package-lock.json, src/version.ts, CHANGELOG.md and every snippet` +
      `${result.prerelease ? ' (a prerelease: the major tag stays where it is)' : ''}\n`
  )
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2))
}

export const SCRIPT = fileURLToPath(import.meta.url)
