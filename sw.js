// Stagecraft's offline worker: keeps the page's own files so the playground opens and works
// with no network after one visit. It only ever fetches the site's own files; a Dockerfile
// never passes through it (the page sends none anywhere).
//
// Network first, cache second (except for files named by their content, below): online
// visitors always get the newest build, and every file fetched is kept for the next offline
// visit.
const CACHE = 'stagecraft-v1';

// On install, keep the page and every file it loads: the files the page names, and the
// modules those scripts import (wasm-bindgen's snippets). Trunk gives them hashed names, so
// the list is read from the files themselves rather than written here. In a script only its
// imports count: a quoted file name elsewhere in the glue (its default `*_bg.wasm`) is not
// a file the page loads.
const NAMED_IN_PAGE = /(?:href|src)="([^"#?]+)"|['"]((?:\.{0,2}\/)?[^'"\s()]+\.(?:wasm|js|css))['"]/g;
const IMPORTED = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+\.js)['"]/g;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const scope = new URL(self.registration.scope);
      const seen = new Set();
      const queue = [scope.href];
      while (queue.length > 0 && seen.size < 64) {
        const file = queue.shift();
        if (seen.has(file)) continue;
        seen.add(file);
        let response;
        try {
          // The page has just downloaded every one of these files: take them from the
          // browser's HTTP cache, even where a server sent no freshness headers, instead of
          // downloading the whole site (1.3 MB of wasm) a second time on a first visit.
          response = await fetch(file, { cache: 'force-cache' });
        } catch {
          continue; // fetched, and kept, on the next visit instead
        }
        if (!response.ok) continue;
        const type = response.headers.get('content-type') ?? '';
        if (type.includes('html') || type.includes('javascript')) {
          const text = await response.clone().text();
          for (const match of text.matchAll(type.includes('html') ? NAMED_IN_PAGE : IMPORTED)) {
            const path = match[1] ?? match[2];
            if (!path || path.startsWith('data:')) continue;
            const url = new URL(path, file);
            if (url.origin === scope.origin) queue.push(url.href);
          }
        }
        await cache.put(file, response);
      }
    })(),
  );
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

// Trunk names each built file after its content (`stagecraft-<hash>_bg.wasm`, the snippets
// under `snippets/stagecraft-<hash>/`): such a name never stands for other bytes, so a kept
// copy is the newest one and is used without asking the network. Served from the cache, the
// browser also reuses the code it compiled from it last time (the editor's JavaScript, the
// wasm) instead of compiling it again on every visit. The page itself is still asked for
// first, so a new build is seen on the next visit.
const NAMED_BY_CONTENT = /-[0-9a-f]{16}(?:_bg)?\.(?:js|wasm|css)$|\/snippets\/[^/]+-[0-9a-f]{16}\//;

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      if (NAMED_BY_CONTENT.test(url.pathname)) {
        const kept = await cache.match(request);
        if (kept) return kept;
      }
      try {
        const response = await fetch(request);
        // Kept while the page already reads the response: awaiting the copy first made the
        // page wait for the whole file (1.3 MB of wasm) to be written into the cache before
        // its first byte arrived, which also stopped the wasm from compiling as it streams.
        if (response.ok) event.waitUntil(cache.put(request, response.clone()));
        return response;
      } catch (error) {
        // Offline: the page itself for any navigation (whatever its ?embed or #fragment),
        // the kept file otherwise.
        const kept = request.mode === 'navigate'
          ? await cache.match(new URL(self.registration.scope), { ignoreSearch: true })
          : await cache.match(request, { ignoreSearch: true });
        if (kept) return kept;
        throw error;
      }
    })(),
  );
});
