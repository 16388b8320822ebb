// Registers the offline copy (sw.js). Where service workers are not available (a page opened
// from a file, an old browser, a private window that refuses them) the page works as before.

/** Registers sw.js once the page has loaded, so caching never competes with the first plot. */
export function installOffline() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  const register = () => navigator.serviceWorker.register('sw.js').catch((err) => {
    console.warn('Nabla: no offline copy:', err);
  });
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
