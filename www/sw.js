// The offline copy: this service worker keeps the page, its modules, the wasm core and its glue
// in a versioned cache, so after one visit Nabla opens with no network (a classroom without one).
//
// Network first: while online every request goes to the server and the answer replaces the
// cached copy, so a new version is used as soon as it is served, and pkg/nabla.js and
// nabla_bg.wasm always come from the same build (stale-while-revalidate could pair a new glue
// with an old module for one load). Only when the network fails is the cached copy served.
// VERSION names the cache's layout: a new one is installed beside the old, which is then deleted.

const VERSION = 'nabla-offline-2';
const FILES = [
  './', 'index.html', 'style.css',
  'main.js', 'boot.js', 'engine.js', 'hash.js', 'readouts.js', 'args.js', 'dom.js', 'frame.js', 'field.js',
  'controls.js', 'lab.js', 'gestures.js', 'api.js', 'lessons.js', 'teacher.js', 'share.js', 'webm.js', 'embed.js', 'offline.js',
  'network.js', 'sections.js', 'theme.js', 'a11y.js', 'live.js', 'sound.js', 'surface.js',
  'pkg/nabla.js', 'pkg/nabla_bg.wasm',
];

self.addEventListener('install', (event) => {
  // `reload`: the server's copy, never the browser's HTTP cache.
  event.waitUntil(caches.open(VERSION)
    .then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: 'reload' }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('nabla-offline-') && k !== VERSION).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(fromNetwork(request));
});

async function fromNetwork(request) {
  const cache = await caches.open(VERSION);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
    return response;
  } catch (err) {
    // The hash never reaches here; a query string (?embed) is the same page.
    const cached = await cache.match(request, { ignoreSearch: true })
      ?? (request.mode === 'navigate' ? await cache.match('./') : undefined);
    if (cached) return cached;
    throw err;
  }
}
