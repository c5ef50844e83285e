/**
 * The last line of defence, and the way out. An error that escaped the engine becomes one clear line and exit 1,
 * never a stack trace (which could carry request details); SHOW_STACK_TRACE=true prints the stack for debugging.
 * The line is written in the entry's own form: a workflow command on a GitHub runner, plain text in a terminal or
 * another CI.
 *
 * `exitWhenWritten` ends the process once the report is out, whatever sockets, TLS handshakes or DNS lookups are
 * still pending: a run ends by its deadline, not when the last connect timeout fires.
 */
export type LineFormat = 'workflow-command' | 'plain'

const MESSAGE =
  'Re-run with SHOW_STACK_TRACE=true to see the stack, and report it at the atlas-preflight repository.'

export function lastResortLine(format: LineFormat, name: string): string {
  const what = `atlas-preflight stopped unexpectedly (${name.replace(/[^A-Za-z0-9]/g, '')}).`
  return format === 'workflow-command'
    ? `::error title=atlas-preflight stopped unexpectedly::${what} ${MESSAGE}\n`
    : `atlas-preflight: error: ${what} ${MESSAGE}\n`
}

export function lastResort(format: LineFormat): (err: unknown) => void {
  const handler = (err: unknown): void => {
    const name = err instanceof Error ? err.name : 'Error'
    if (format === 'workflow-command') process.stdout.write(lastResortLine(format, name))
    else process.stderr.write(lastResortLine(format, name))
    if (process.env['SHOW_STACK_TRACE'] === 'true' && err instanceof Error)
      process.stderr.write(`${err.stack}\n`)
    exitWhenWritten(1)
  }
  process.on('unhandledRejection', handler)
  process.on('uncaughtException', handler)
  return handler
}

/** Exit with `code` once stdout and stderr have taken everything written so far. */
export function exitWhenWritten(code: number): void {
  process.exitCode = code
  let pending = 2
  const done = () => {
    if (--pending === 0) process.exit(code)
  }
  process.stdout.write('', done)
  process.stderr.write('', done)
}
