import { defineConfig } from 'vite';

/** `embed.js`: the one script a tenant pastes; an IIFE (a classic script, no module loader needed on the host page). */
export default defineConfig({
  root: import.meta.dirname,
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: '../dist/web/embed',
    emptyOutDir: true,
    target: 'es2018',
    reportCompressedSize: false,
    lib: { entry: 'embed/embed.ts', formats: ['iife'], name: 'MAISEmbed', fileName: () => 'embed.js' },
  },
});
