// Renders the README's performance figures from a benchmark result (bench/latest.json), between
// <!-- bench:start --> and <!-- bench:end -->. bench.js calls it after a default run; a test keeps them in sync.

/** @param {{ name: string, pct: number }[]} entries */
const shares = entries => entries.map(e => `${e.name} ${e.pct}%`).join(', ')

/** @param {any} r the benchmark result */
export function benchTable(r) {
  const k = r.targetRules
  const rows = r.families.map(
    f =>
      `| ${f.family} | ${f.requests} | ${f.depth} | ${f.wallMs} ms (${f.wallInL} L; target ≤ ${f.targetWallMs} ms) | ${f.wallOverheadMs} ms = ${f.wallOverheadInBareNode} × ${f.bareNodeMs} ms | ${f.sequentialMs} ms (${f.sequentialRoundTrips} round trips) | ${f.ratio}× | ${f.family === 'api-key' ? `${f.digestChallengesPerRun} Digest challenge` : `${f.tokenRequestsPerRun} token request`} |`
  )
  const p = r.profile
  return [
    `Latest run: ${r.date.slice(0, 10)}, Node ${r.node}, ${r.platform}, ${r.cores} cores, load average ${r.loadAverage.atStart} at the start and ${r.loadAverage.atEnd} at the end (1 minute), L = ${r.latencyMs} ms per request, medians of ${r.runs} alternating runs.`,
    '',
    '| Credential | Requests | Depth (round trips) | Action wall (cold process) | Beyond depth × L, in bare Node | Sequential client | Ratio | Per run |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Targets: wall ≤ depth × L + ${k.wallOverheadInBareNode} × bare Node (\`node -e 0\`, timed between the action runs); sequential / action ≥ ${k.ratio}; one token request or Digest challenge per run; start-up overhead ≤ ${k.startupOverheadInBareNode} × bare Node; \`dist/\` ≤ ${k.distMiB} MiB in all.`,
    '',
    `Start-up: \`node -e 0\` ${r.startup.bareNodeMs} ms, \`node dist/index.js\` on an input error ${r.startup.inputErrorMs} ms: **${r.startup.overheadMs} ms** over bare Node, ${r.startup.overheadInBareNode} × bare Node (target ≤ ${k.startupOverheadInBareNode} × = ${r.startup.targetOverheadMs} ms); the CLI's \`--version\`, which loads no engine, ${r.startup.cliVersionMs} ms: ${r.startup.cliOverheadMs} ms over, ${r.startup.cliOverheadInBareNode} × bare Node.${r.startup.node24 ? ` On Node ${r.startup.node24.node} (the action's runtime): \`node -e 0\` ${r.startup.node24.bareNodeMs} ms, the input error ${r.startup.node24.inputErrorMs} ms: **${r.startup.node24.overheadMs} ms** over, ${r.startup.node24.overheadInBareNode} × bare Node.` : ''} \`dist/\`: **${r.bundle.totalKiB} KiB** in ${r.bundle.files} files (entries ${r.bundle.entriesKiB} KiB, one shared bundle with ${r.bundle.chunks} chunks), of which the npm package ships ${r.bundle.npmKiB} KiB. Peak RSS of a full run: ${r.peakRssMiB} MiB. Targets met: ${r.targets.filter(t => t.ok).length} of ${r.targets.length}.`,
    '',
    ...(r.features ?? []).map(
      x =>
        `What the ${x.feature} add${x.feature.endsWith('s') ? '' : 's'} (${x.scenario}, one run with and one without): ${x.addedRoundTrips >= 0 ? '+' : ''}${x.addedRoundTrips} round trip${Math.abs(x.addedRoundTrips) === 1 ? '' : 's'} (depth ${x.depthWithout} → ${x.depthWith}), ${x.addedMs >= 0 ? '+' : ''}${x.addedMs} ms${x.pendingS !== undefined ? ` (the sandbox keeps a new entry PENDING ${x.pendingS} s; Atlas takes longer)` : ''}.`
    ),
    ...(r.fleet
      ? [
          `Organization scope (${r.fleet.projects} projects, ${r.fleet.credentials} credentials, ${r.fleet.targets} targets): ${r.fleet.requests} requests, wall ${r.fleet.wallMs} ms = ${r.fleet.wallInL} L (target ≤ (requests ÷ 4 + 3) × L = ${r.fleet.targetWallMs} ms)${Number.isFinite(r.fleet.harnessRoundMs) ? `; a round of 4 requests costs ${r.fleet.harnessRoundMs} ms here to a client doing nothing else, and in those rounds the target is ${r.fleet.targetWallInHarnessRoundsMs} ms` : ''}.`
        ]
      : []),
    '',
    `Profile of one ${p.scenario} run (\`node --cpu-prof\`, ${p.cpuMs} ms on the main thread): the redactor (\`${p.inclusive.redactor.functions.join('`, `')}\` and what they call) ${p.inclusive.redactor.ms} ms = ${p.inclusive.redactor.pct}%; self time by script ${shares(p.byScript.slice(0, 5))}; by function ${shares(p.byFunction.slice(0, 5))}.`
  ].join('\n')
}

/** @param {string} readme @param {any} result */
export function withBenchTable(readme, result) {
  const start = '<!-- bench:start -->\n'
  const end = '\n<!-- bench:end -->'
  const i = readme.indexOf(start)
  const j = readme.indexOf(end)
  if (i < 0 || j < i) throw new Error('README.md has no <!-- bench:start --> … <!-- bench:end --> section')
  return readme.slice(0, i + start.length) + benchTable(result) + readme.slice(j)
}
