// Starts compiling the core while the page's other modules are still arriving: index.html loads
// this module first and `async`, so it runs as soon as it is fetched, and compiling overlaps
// the module fetches (six at a time over HTTP/1.1). engine.js awaits the result; on any failure
// it is null and the core is fetched and compiled the usual way.

export const compiled = typeof WebAssembly.compileStreaming === 'function'
  ? WebAssembly.compileStreaming(fetch(new URL('./pkg/nabla_bg.wasm', import.meta.url))).catch(() => null)
  : Promise.resolve(null);
