// The entries of dist/, the one list of them, apart from the bundler (scripts/bundle.js) so that what runs dist/
// (the demo, the sandbox harness, the bench, the docs) imports nothing from node_modules: `npm run demo` works on a
// fresh machine with no install (__tests__/repo/no-install.test.ts).

/**
 * The entries, the one list of them. `source` is the module that starts it (its import runs it); `file` is the thin
 * entry written under dist/ that loads the shared bundle and starts it. `npm`: the npm package ships it (the CLI).
 * `onLoadFailure` says how the thin entry reports a shared bundle it cannot load (a broken install): as a workflow
 * command for the runner, or plain text; and with which exit code (the post step never fails the job).
 * Moving a source file is a one-line change here; action.yml's `runs` comes from this list (scripts/generate-docs.js).
 * @type {readonly { name: string, source: string, file: string, npm?: boolean,
 *   onLoadFailure: { as: 'error' | 'warning' | 'plain', exitCode: number } }[]}
 */
export const ENTRIES = [
  { name: 'action', source: 'src/index.ts', file: 'index.js', onLoadFailure: { as: 'error', exitCode: 1 } },
  {
    name: 'post',
    source: 'src/post.ts',
    file: 'post/index.js',
    onLoadFailure: { as: 'warning', exitCode: 0 }
  },
  {
    name: 'cli',
    source: 'src/cli-main.ts',
    file: 'cli/index.js',
    npm: true,
    onLoadFailure: { as: 'plain', exitCode: 1 }
  }
]

/** The shared bundle's folder under dist/. */
export const SHARED_DIR = 'bundle'

/** The entry a row of ENTRIES names, by name (for action.yml and the tests). */
export function entry(name) {
  const found = ENTRIES.find(e => e.name === name)
  if (!found) throw new Error(`scripts/entries.js: no entry named ${name}`)
  return found
}
