// Preloaded by the benchmark (NODE_OPTIONS=--import) into one action run: writes the process's peak RSS (KiB).
import { writeFileSync } from 'node:fs'

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE)
    writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS))
})
