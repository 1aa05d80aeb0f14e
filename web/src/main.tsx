import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const inBackOffice = location.pathname === '/agents' || location.pathname.startsWith('/agents/');

if (inBackOffice) {
  // The staff back-office is a chunk of its own: a family's first screen never downloads it.
  void import('./agents/AgentsApp').then(({ AgentsApp }) => root.render(<AgentsApp />));
} else {
  root.render(<App />);
}
