/** Starts the lab's worker, mounts the lab and registers its service worker; the base stylesheet loads first so panel stylesheets can refine it. */
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { startLab } from './state/useLab';
import { registerServiceWorker } from './sw/register';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const store = startLab();
createRoot(root).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);
registerServiceWorker();
