/** The report files `merge-reports` names: newline- or comma-separated paths and globs (`*`, `**`, `?`). */
import { readdir } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

export async function expandGlobs(spec: string, cwd = process.cwd()): Promise<string[]> {
  const patterns = spec
    .split(/[\n,]/)
    .map(s => s.trim())
    .filter(Boolean)
  const out = new Set<string>()
  /** The files below each folder walked, relative to cwd, sorted: each folder is walked once. */
  const walked = new Map<string, Promise<string[]>>()
  for (const p of patterns) {
    if (!/[*?]/.test(p)) {
      out.add(p)
      continue
    }
    const glob = p.replace(/^\.\//, '')
    // Only the folder the pattern's literal part names is walked (`reports/**/*.json` walks reports/, not the repo).
    const parts = glob.split('/')
    const base = parts
      .slice(
        0,
        parts.findIndex(s => /[*?]/.test(s))
      )
      .join('/')
    if (!walked.has(base)) walked.set(base, filesBelow(cwd, base))
    const re = globRegex(glob)
    for (const f of await walked.get(base)!) if (re.test(f)) out.add(f)
  }
  return [...out]
}

async function filesBelow(cwd: string, base: string): Promise<string[]> {
  const entries = await readdir(join(cwd, base), { recursive: true, withFileTypes: true }).catch(() => [])
  return entries
    .filter(e => e.isFile())
    .map(e =>
      relative(cwd, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
        .split(sep)
        .join('/')
    )
    .sort()
}

function globRegex(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*'
      i += glob[i + 2] === '/' ? 2 : 1
    } else if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}
