/**
 * The page's first module: starts the lab's worker, then loads and mounts the lab. The worker starts before the page
 * downloads React and the panels, so its backend and the data load while the page is drawn. The base stylesheet
 * loads first so panel stylesheets can refine it.
 */
import './styles.css';
import { describeError } from './ml/describeError';
import { startLab } from './state/startLab';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const store = startLab();
import('./mount')
  .then(({ mount }) => mount(root, store))
  .catch((error: unknown) => {
    // Nothing will show the worker's work: stop it.
    store.disconnect();
    const alert = document.createElement('div');
    alert.setAttribute('role', 'alert');
    alert.className = 'card load-failure';
    const message = document.createElement('p');
    message.textContent = `The lab could not load (${describeError(error)}). Reload the page to try again; if it fails again, check the connection.`;
    const reload = document.createElement('button');
    reload.type = 'button';
    reload.className = 'primary';
    reload.textContent = 'Reload';
    reload.addEventListener('click', () => window.location.reload());
    alert.append(message, reload);
    root.replaceChildren(alert);
  });
