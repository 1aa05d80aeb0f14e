import { createRoot } from 'react-dom/client';
import { App } from './App';
import { chooseCommune, withCommune } from './api/commune';
import './styles.css';

// The tab's commune (`?domaine=`, else what the tab chose before), put back in the address if a
// reload or a typed address lost it.
if (chooseCommune()) history.replaceState(history.state, '', withCommune(location.pathname + location.search + location.hash));

const root = createRoot(document.getElementById('root')!);
const inBackOffice = location.pathname === '/agents' || location.pathname.startsWith('/agents/');

if (inBackOffice) {
  // The staff back-office is a chunk of its own: a family's first screen never downloads it.
  void import('./agents/AgentsApp').then(({ AgentsApp }) => root.render(<AgentsApp />));
} else {
  root.render(<App />);
}
