// The URL hash: split and decode it here (the core validates the values), write it back, and
// follow changes made while the page is open (a pasted link, back/forward).

const HASH_LIMIT = 8192;
const MAX_PAIRS = 32;

// The hash the page last read or wrote. A different location.hash is one the page has not read
// yet: it is applied, never overwritten.
let seen = null;

/** `text` percent-decoded; where an escape is malformed (`%`, `%2`, a cut UTF-8 sequence) it is
 *  kept as typed, so the core reads the rest and says where it went wrong, and the link keeps it. */
function decodeLeniently(text) {
  try {
    return { text: decodeURIComponent(text), ok: true };
  } catch {
    return { text: text.replace(/(?:%[0-9a-fA-F]{2})+/g, decodeRun), ok: false };
  }
}

/** A run of %XX escapes: the longest prefix that decodes, again and again; an escape that
 *  starts none (a cut UTF-8 sequence) stays as typed. */
function decodeRun(run) {
  let out = '';
  let rest = run;
  while (rest) {
    let n = rest.length;
    for (; n >= 3; n -= 3) {
      try {
        out += decodeURIComponent(rest.slice(0, n));
        break;
      } catch { /* a shorter prefix */ }
    }
    if (n < 3) {
      out += rest.slice(0, 3);
      n = 3;
    }
    rest = rest.slice(n);
  }
  return out;
}

/** The link's pairs, decoded; `bad` names the keys whose values are not valid percent-encoding
 *  (read as typed where they are malformed). */
export function readHash() {
  seen = location.hash;
  const raw = seen.slice(1, 1 + HASH_LIMIT);
  const pairs = [];
  const bad = [];
  for (const part of raw.split('&').slice(0, MAX_PAIRS)) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    const k = decodeLeniently(key);
    const v = decodeLeniently(value);
    pairs.push([k.text, v.text]);
    if (!k.ok || !v.ok) bad.push(k.text.slice(0, 20));
  }
  return { pairs, bad };
}

/** True when location.hash changed since the page last read or wrote it. */
export const hashUnread = () => location.hash !== seen;

/** The hash of a link holding `pairs` (`#key=value&…`, values percent-encoded). */
export const linkOf = (pairs) => '#' + pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');

/** Writes `pairs` into the URL without a history entry; skipped while a new hash is unread. */
export function writeHash(pairs) {
  if (hashUnread()) return false;
  const hash = linkOf(pairs);
  // location.hash reads '' for a bare '#'.
  if (hash !== (location.hash || '#')) history.replaceState(history.state, '', hash);
  seen = location.hash;
  return true;
}

/** Calls `apply(readHash())` whenever the hash changes under the page. */
export function followHash(apply) {
  const check = () => {
    if (hashUnread()) apply(readHash());
  };
  // A fragment navigation fires both; the second finds nothing unread.
  window.addEventListener('hashchange', check);
  window.addEventListener('popstate', check);
}
