import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { chooseCommune, withCommune } from './api/commune';
import { createQueryClient } from './api/query';
import { session } from './api/client';
import { createRouter } from './app/router';
import './styles.css';

// The tab's commune (`?domaine=`, else what the tab chose before), put back in the address if a
// reload or a typed address lost it.
if (chooseCommune()) history.replaceState(history.state, '', withCommune(location.pathname + location.search + location.hash));
// Who is there (the session cookie), asked while the first screen's code loads.
void session.start();

const queryClient = createQueryClient();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={createRouter(queryClient)} />
    </QueryClientProvider>
  </StrictMode>,
);
