// Builds the UI into dist/, which `cairn server` serves at `/`. Hashed names under assets/
// let the server cache them for a year; index.html is served no-cache.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets', sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:7420' } },
});
