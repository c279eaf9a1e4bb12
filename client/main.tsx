import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './App.tsx';
import { initI18n } from './i18n/index.ts';
import { resumeSession } from './net/session.ts';
import './styles.css';

// The page's CSP forbids eval; tell zod not to probe for it (it would fall back anyway, with a console error).
z.config({ jitless: true });
await initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
resumeSession();
