import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'client',
  publicDir: '../assets',
  plugins: [react()],
  // In `npm run dev` the page comes from Vite and the hall from its own port (PORT, as the server reads it).
  define: { __HALL_DEV_PORT__: JSON.stringify(process.env.PORT || '2567') },
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // three.js and the 3D stack change rarely: their own long-cached chunk. React goes in a group of its
        // own first, or the three group would take it (a group takes its modules' dependencies), and with it
        // the whole 3D stack into the sign-in form's first download.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|use-sync-external-store|zustand)[\\/]/,
              priority: 20,
            },
            { name: 'three', test: /node_modules[\\/](three|@react-three|three-stdlib)/, priority: 10 },
          ],
        },
      },
    },
  },
});
