import { defineConfig } from 'vite';

/**
 * The browser apps the API serves (the booking widget; the admin console joins as a second input). Built into
 * dist/web/app with a manifest, which the API reads to name the hashed files in the pages it renders
 * (apps/api/src/web). `embed.js` has its own build (vite.embed.config.mts): a classic script at a fixed URL.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/web/',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../dist/web/app',
    emptyOutDir: true,
    manifest: true,
    target: 'es2020',
    cssCodeSplit: true,
    modulePreload: false,
    reportCompressedSize: false,
    rollupOptions: { input: { widget: 'widget/main.tsx', console: 'console/main.tsx' } },
  },
});
