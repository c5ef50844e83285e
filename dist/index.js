// The action entry, written by scripts/bundle.js: the code is in bundle/index.js (shared with the other entries).
Promise.resolve()
  .then(() => require("./bundle/index.js").start("action"))
  .catch(error => {
    const why = String(error?.code ?? error?.message ?? error).split('\n')[0]
    process.stdout.write(`::error title=atlas-preflight could not start::atlas-preflight could not load its bundle (${why}): reinstall it, or rebuild dist/ with npm run bundle\n`)
    process.exitCode = 1
  })
