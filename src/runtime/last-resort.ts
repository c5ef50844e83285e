/**
 * The last line of defence: an error that escaped the engine becomes one clear line and exit 1, never a stack
 * trace (which could carry request details). SHOW_STACK_TRACE=true prints the stack for debugging.
 */
function handler(err: unknown): void {
  const name = err instanceof Error ? err.name : 'Error'
  process.stdout.write(
    `::error title=atlas-preflight stopped unexpectedly::${name}. Re-run with SHOW_STACK_TRACE=true to see the stack, and report it at the atlas-preflight repository.\n`
  )
  if (process.env['SHOW_STACK_TRACE'] === 'true' && err instanceof Error)
    process.stderr.write(`${err.stack}\n`)
  process.exitCode = 1
}

export function lastResort(): void {
  process.on('unhandledRejection', handler)
  process.on('uncaughtException', handler)
}
lastResort.handler = handler
