/**
 * What undici's index does besides exporting: give every dispatcher the request/stream/pipeline/upgrade/connect
 * methods (`Object.assign(Dispatcher.prototype, api)`). ProxyAgent opens its CONNECT tunnels with `connect`, so
 * the dispatchers imported from their own modules (see client.ts) need it too. Idempotent: the index, when
 * something else loads it, assigns the same functions.
 */
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js'
import api from 'undici/lib/api/index.js'

Object.assign(Dispatcher.prototype, api)
