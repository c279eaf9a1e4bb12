import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { initI18n } from './i18n/index.ts';
import { resumeSession } from './net/session.ts';
import { resolveStation } from './net/stations.ts';
import './styles.css';

// Asked at once, beside the words' loading: the sign-in form names the station, and a person signed in
// enters its hall, so neither starts before it is known.
const station = resolveStation();
await initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void station.then((ready) => {
  if (ready) void resumeSession();
});
