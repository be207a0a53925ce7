import { App, Button, Layout, Menu, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { describeError } from './api/errors';
import { NotificationEmailButton } from './components/notification-email';
import { setLanguage } from './i18n';
import { keepMessageLanguage, useLogout, useSession, type Me } from './session';

interface NavItem {
  to: string;
  label: string;
}

function navFor(me: Me | null | undefined, t: (k: string) => string): NavItem[] {
  const items: NavItem[] = [];
  const has = (...roles: string[]) => !!me && me.roles.some((r) => roles.includes(r));
  if (!me || has('enterprise')) items.push({ to: '/calculator', label: t('nav.calculator') });
  items.push({ to: '/notices', label: t('nav.notices') });
  if (has('enterprise')) {
    items.push({ to: '/enterprise', label: t('nav.myCases') }, { to: '/enterprise/apply', label: t('nav.apply') }, { to: '/enterprise/inbox', label: t('nav.inbox') });
  }
  if (has('district_reviewer', 'city_reviewer', 'administrator')) items.push({ to: '/review', label: t('nav.queue') });
  if (has('expert')) items.push({ to: '/review/experts', label: t('nav.experts') });
  if (has('city_reviewer', 'director', 'administrator')) items.push({ to: '/review/objections', label: t('nav.objections') });
  if (has('director')) items.push({ to: '/review/director', label: t('nav.director') });
  if (has('administrator', 'director')) items.push({ to: '/admin', label: t('nav.dashboard') });
  if (has('administrator')) {
    items.push(
      { to: '/admin/budgets', label: t('nav.budgets') },
      { to: '/admin/programs', label: t('nav.programs') },
      { to: '/admin/calendar', label: t('nav.calendar') },
      { to: '/admin/imports', label: t('nav.imports') },
      { to: '/admin/disbursements', label: t('nav.disbursements') },
      { to: '/admin/webhooks', label: t('nav.webhooks') },
      { to: '/admin/email-deliveries', label: t('nav.emails') },
    );
  }
  if (has('auditor')) items.push({ to: '/audit', label: t('nav.audit') });
  return items;
}

/** The frame of every page: the bureau's name, the menu of the user's group, the language switch, the notification e-mail. */
export function Shell() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const me = session.data;
  const { message } = App.useApp();
  const items = navFor(me, t);
  const switchLanguage = () => {
    const next = i18n.language === 'en' ? 'zh' : 'en';
    setLanguage(next);
    if (me) keepMessageLanguage(next).catch((e: unknown) => void message.error(describeError(t, e)));
  };
  const selected = items
    .filter((i) => location.pathname === i.to || location.pathname.startsWith(`${i.to}/`))
    .sort((a, b) => b.to.length - a.to.length)[0]?.to;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href="#main" className="skip-link" style={{ position: 'absolute', left: -9999 }} onFocus={(e) => (e.currentTarget.style.left = '8px')}>
        {t('app.skip')}
      </a>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16, flexWrap: 'wrap', height: 'auto', minHeight: 64 }}>
        <Link to="/" style={{ color: '#fff', fontWeight: 600, fontSize: 16, whiteSpace: 'nowrap' }}>
          {t('app.title')}
        </Link>
        <nav aria-label={t('app.title')} style={{ flex: 1, minWidth: 0 }}>
          <Menu
            theme="dark"
            mode="horizontal"
            disabledOverflow
            selectedKeys={selected ? [selected] : []}
            items={items.map((i) => ({ key: i.to, label: <Link to={i.to}>{i.label}</Link> }))}
            style={{ minWidth: 0 }}
          />
        </nav>
        <Space wrap>
          <Button size="small" onClick={switchLanguage} lang={i18n.language === 'en' ? 'zh-CN' : 'en'}>
            {t('app.language')}
          </Button>
          {me ? (
            <>
              <Typography.Text style={{ color: '#fff' }}>{me.username}</Typography.Text>
              <NotificationEmailButton />
              <Button size="small" onClick={async () => { await logout(); navigate('/'); }}>
                {t('nav.logout')}
              </Button>
            </>
          ) : (
            <Button size="small" type="primary" onClick={() => navigate('/login')}>
              {t('nav.login')}
            </Button>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content id="main" style={{ padding: 16, maxWidth: 1280, width: '100%', margin: '0 auto' }}>
        <Outlet />
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center' }}>{t('app.bureau')}</Layout.Footer>
    </Layout>
  );
}
