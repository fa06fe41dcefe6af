import { parseZip } from 'shpjs'
const t = setTimeout(() => { console.log('HANG'); process.exit(1) }, 5000)
try { await parseZip(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8])); console.log('ok?') } catch (e) { console.log('err', e.message) }
clearTimeout(t)
