export { startSandbox } from './server.js'
export { loadScenario, scenarioNames } from './scenarios.js'
export { clusterTestEnv } from './clusters.js'
