/** The report files `merge-reports` names: newline- or comma-separated paths and globs (`*`, `**`, `?`). */
import { readdir } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

export async function expandGlobs(spec: string, cwd = process.cwd()): Promise<string[]> {
  const patterns = spec
    .split(/[\n,]/)
    .map(s => s.trim())
    .filter(Boolean)
  const out = new Set<string>()
  let all: string[] | undefined
  for (const p of patterns) {
    if (!/[*?]/.test(p)) {
      out.add(p)
      continue
    }
    all ??= (await readdir(cwd, { recursive: true, withFileTypes: true }).catch(() => []))
      .filter(e => e.isFile())
      .map(e =>
        relative(cwd, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
          .split(sep)
          .join('/')
      )
    const re = globRegex(p.replace(/^\.\//, ''))
    for (const f of all.sort()) if (re.test(f)) out.add(f)
  }
  return [...out]
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
