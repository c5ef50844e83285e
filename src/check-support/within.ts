/**
 * A read given a time budget inside the run's deadline: its value, or `late` when it has not settled in time, so a
 * hung endpoint costs only its own figure and the check still reports what it read (a rejection within the budget
 * still rejects). The timer never holds the process open.
 */
export async function within<T, L>(p: Promise<T>, ms: number, late: L): Promise<T | L> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<L>(resolve => {
    timer = setTimeout(() => resolve(late), Math.max(0, ms))
    timer.unref?.()
  })
  p.catch(() => undefined)
  try {
    return await Promise.race([p, expired])
  } finally {
    clearTimeout(timer)
  }
}
