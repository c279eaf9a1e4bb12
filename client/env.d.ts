/** The hall server's port during `npm run dev` (vite.config.ts). */
declare const __HALL_DEV_PORT__: string;
