import { createRoot } from 'react-dom/client';
import { LandingPage } from './landing';

// `/` is where most visits start: its page is drawn by React alone (landing.tsx). Every other address loads the
// application (antd, the router, TanStack Query, i18next), whose groups of pages are chunks of their own (app.tsx).
const root = createRoot(document.getElementById('root')!);
if (window.location.pathname === '/') root.render(<LandingPage />);
else void import('./app').then(({ App }) => root.render(<App />));
