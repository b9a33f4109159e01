import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Injectable } from '@nestjs/common';

/** One built file, held in memory with its compressed forms (they are small, and served on every widget load). */
export interface WebAsset {
  type: string;
  etag: string;
  body: Buffer;
  gzip: Buffer;
  br: Buffer;
}

/** The hashed files one entry of the front-end build needs (from Vite's manifest). */
export interface EntryFiles {
  script: string;
  styles: string[];
  /** Chunks the script imports (shared with another entry): preloaded with the page, not found one round trip later. */
  preloads: string[];
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** The repository (or image) root: the nearest folder above this file with a package.json. */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * The front-end build (`npm run build` → dist/web, see web/README.md), read once and served from memory.
 * Without a build, the pages answer 503 naming the command (`built` is false), and the API itself still runs.
 */
@Injectable()
export class WebAssets {
  private readonly webDir = join(projectRoot(), 'dist/web');
  private loaded: { assets: Map<string, WebAsset>; entries: Map<string, EntryFiles>; embed: WebAsset } | null = null;

  /** A hashed asset by file name (`widget-abc123.js`), or undefined. */
  asset(file: string): WebAsset | undefined {
    return this.load()?.assets.get(file);
  }

  entry(name: string): EntryFiles | undefined {
    return this.load()?.entries.get(name);
  }

  embedScript(): WebAsset | undefined {
    return this.load()?.embed;
  }

  private load() {
    if (this.loaded) return this.loaded;
    const appDir = join(this.webDir, 'app');
    const manifestFile = join(appDir, '.vite/manifest.json');
    const embedFile = join(this.webDir, 'embed/embed.js');
    // Looked for again on the next request: a build made while the API runs is picked up.
    if (!existsSync(manifestFile) || !existsSync(embedFile)) return null;

    const assets = new Map<string, WebAsset>();
    for (const name of readdirSync(join(appDir, 'assets'))) {
      assets.set(name, webAsset(readFileSync(join(appDir, 'assets', name)), TYPES[extname(name)] ?? 'application/octet-stream'));
    }
    type Chunk = { file: string; name?: string; isEntry?: boolean; css?: string[]; imports?: string[] };
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, Chunk>;
    const fileName = (path: string) => path.replace(/^assets\//, '');
    const imported = (chunk: Chunk, seen = new Set<string>()): Chunk[] =>
      (chunk.imports ?? []).flatMap((key) => (seen.has(key) || !manifest[key] ? [] : (seen.add(key), [manifest[key], ...imported(manifest[key], seen)])));
    const entries = new Map<string, EntryFiles>();
    for (const chunk of Object.values(manifest)) {
      if (!chunk.isEntry || !chunk.name) continue;
      const chunks = imported(chunk);
      entries.set(chunk.name, {
        script: fileName(chunk.file),
        styles: [...chunks.flatMap((c) => c.css ?? []), ...(chunk.css ?? [])].map(fileName),
        preloads: chunks.map((c) => fileName(c.file)),
      });
    }
    this.loaded = { assets, entries, embed: webAsset(readFileSync(embedFile), TYPES['.js']) };
    return this.loaded;
  }
}

function webAsset(body: Buffer, type: string): WebAsset {
  return {
    type,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    body,
    gzip: gzipSync(body, { level: 9 }),
    br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  };
}
