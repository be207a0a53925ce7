import './i18n';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { Loading } from './components/states';
import { Shell } from './shell';
import { homeOf } from './roles';
import { useSession } from './session';
import { HomePage } from './pages/public/home';
import { LoginPage } from './pages/public/login';

// Each group's pages are a chunk of their own: an enterprise never downloads the dashboard or the workbench.
const PublicPages = lazy(() => import('./pages/public/public-pages'));
const EnterprisePages = lazy(() => import('./pages/enterprise/enterprise-pages'));
const ReviewPages = lazy(() => import('./pages/review/review-pages'));
const AdminPages = lazy(() => import('./pages/admin/admin-pages'));
const AuditPages = lazy(() => import('./pages/audit/audit-pages'));

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});

/** A page only some roles may see: others are sent to log in (or to their own start page). */
function RequireRole({ roles, children }: { roles: string[]; children: ReactNode }) {
  const session = useSession();
  if (session.isPending) return <Loading />;
  const me = session.data;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(window.location.pathname)}`} replace />;
  if (!me.roles.some((r) => roles.includes(r))) return <Navigate to={homeOf(me)} replace />;
  return <>{children}</>;
}

function Routed() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route element={<Shell />}>
          <Route index element={<HomePage />} />
          <Route path="login" element={<LoginPage />} />
          <Route path="register" element={<PublicPages page="register" />} />
          <Route path="activate" element={<PublicPages page="activate" />} />
          <Route path="calculator" element={<PublicPages page="calculator" />} />
          <Route path="notices" element={<PublicPages page="notices" />} />
          <Route path="enterprise/*" element={<RequireRole roles={['enterprise']}><EnterprisePages /></RequireRole>} />
          <Route path="review/*" element={<RequireRole roles={['district_reviewer', 'city_reviewer', 'expert', 'director', 'administrator']}><ReviewPages /></RequireRole>} />
          <Route path="admin/*" element={<RequireRole roles={['administrator', 'director']}><AdminPages /></RequireRole>} />
          <Route path="audit/*" element={<RequireRole roles={['auditor']}><AuditPages /></RequireRole>} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={{
      // Darker than antd's defaults so secondary text, placeholders, tags and danger buttons meet WCAG AA contrast.
      token: {
        colorPrimary: '#1f5fbf', colorLink: '#1a4fa0', colorError: '#c41d1d', colorSuccess: '#2b7a0b', colorWarning: '#a45a00', colorInfo: '#1f5fbf',
        colorTextSecondary: 'rgba(0,0,0,0.7)', colorTextTertiary: 'rgba(0,0,0,0.66)', colorTextDescription: 'rgba(0,0,0,0.66)',
        colorTextPlaceholder: 'rgba(0,0,0,0.6)', colorTextQuaternary: 'rgba(0,0,0,0.6)',
      },
    }}>
      {/* Toasts below the header (64 px, more when its menu wraps), not over its menu. */}
      <AntApp message={{ top: 72 }}>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Routed />
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
