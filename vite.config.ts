import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'client',
  publicDir: '../assets',
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // three.js and the 3D stack change rarely: their own long-cached chunk.
        codeSplitting: {
          groups: [{ name: 'three', test: /node_modules[\\/](three|@react-three|three-stdlib)/ }],
        },
      },
    },
  },
});
