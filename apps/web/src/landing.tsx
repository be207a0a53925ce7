import { Fragment, useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import { en } from './i18n/en';
import { zh } from './i18n/zh';
import { initialLanguage, keepLanguage, markLanguage, type Language } from './language';
import { homeOf } from './roles';

/**
 * The landing page `/`, drawn with plain elements: a first visit to the site's address loads React and this
 * page only — no antd, router, TanStack Query or i18next (main.tsx loads the application for every other
 * address). The application shows the same content in its own frame when it navigates to `/` (pages/public/home.tsx).
 */
type Translate = (key: string) => string;
type LinkTo = (to: string, label: string, primary?: boolean) => ReactNode;

const DICTIONARIES = { zh, en };

export function translator(language: Language): Translate {
  return (key) => {
    const value = key.split('.').reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined), DICTIONARIES[language]);
    return typeof value === 'string' ? value : key;
  };
}

const TEXT = 'rgba(0,0,0,0.88)';
const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif";

/** antd's default and primary buttons, as links (the colours of the application's theme, app.tsx). */
export function buttonStyle(primary = false, small = false): CSSProperties {
  return {
    display: 'inline-block', boxSizing: 'border-box', padding: small ? '0 7px' : '4px 15px', lineHeight: small ? '22px' : '22px',
    borderRadius: small ? 4 : 6, border: `1px solid ${primary ? '#1f5fbf' : '#d9d9d9'}`, background: primary ? '#1f5fbf' : '#fff',
    color: primary ? '#fff' : TEXT, textDecoration: 'none', fontSize: 14, fontFamily: FONT, cursor: 'pointer', whiteSpace: 'nowrap',
  };
}

const card: CSSProperties = { background: '#fff', borderRadius: 8, border: '1px solid #f0f0f0' };
const cardHead: CSSProperties = { padding: '16px 24px', borderBottom: '1px solid #f0f0f0' };
const heading2: CSSProperties = { fontSize: 18, fontWeight: 600, margin: 0, color: TEXT };
const actions: CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: 8 };

/** One group of visitors: who they are, a hint, and the pages they go to (the last one the main action). */
function Audience({ id, title, hint, pages, t, link }: { id: string; title: string; hint: string; pages: string[]; t: Translate; link: LinkTo }) {
  return (
    <section style={card} aria-labelledby={id}>
      <div style={cardHead}><h2 id={id} style={heading2}>{title}</h2></div>
      <div style={{ padding: 24 }}>
        <p style={{ margin: '0 0 16px' }}>{hint}</p>
        <div style={actions}>{pages.map((page, i) => <Fragment key={page}>{link(`/${page}`, t(`nav.${page}`), i === pages.length - 1)}</Fragment>)}</div>
      </div>
    </section>
  );
}

/** What the landing page says: who the site is for, and where each kind of visitor goes. */
export function LandingContent({ t, link }: { t: Translate; link: LinkTo }) {
  return (
    <div style={{ color: TEXT, fontSize: 14, lineHeight: 1.5715 }}>
      <h1 style={{ fontSize: 28, fontWeight: 600, margin: '0 0 16px', color: TEXT }}>{t('app.title')}</h1>
      <p style={{ margin: '0 0 16px' }}>{t('home.lead')}</p>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 360px), 1fr))', gap: 16 }}>
        <Audience id="home-enterprise" title={t('home.forEnterprise')} hint={t('home.calculatorHint')} pages={['calculator', 'register', 'activate', 'login']} t={t} link={link} />
        <Audience id="home-staff" title={t('home.forStaff')} hint={t('home.noticesHint')} pages={['notices', 'login']} t={t} link={link} />
      </div>
    </div>
  );
}

interface Visitor {
  username: string;
  roles: string[];
}

/** The landing page with a frame like the application's (header, menu, language switch, footer). */
export function LandingPage() {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  const [me, setMe] = useState<Visitor | null>(null);
  const t = translator(language);
  useEffect(() => markLanguage(language), [language]);
  // Who is logged in, if anyone (a visitor who is gets a link to their own pages instead of 登录).
  useEffect(() => {
    fetch('/api/v1/auth/session', { credentials: 'same-origin' })
      .then((r) => (r.ok ? (r.json() as Promise<{ me: Visitor | null }>) : null))
      .then((body) => setMe(body?.me ?? null))
      .catch(() => setMe(null));
  }, []);
  const other: Language = language === 'en' ? 'zh' : 'en';
  const link: LinkTo = (to, label, primary) => <a href={to} style={buttonStyle(primary)}>{label}</a>;
  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', background: '#f5f5f5', fontFamily: FONT }}>
      <a href="#main" className="skip-link" style={{ position: 'absolute', left: -9999, background: '#fff', padding: 4 }} onFocus={(e) => (e.currentTarget.style.left = '8px')}>
        {t('app.skip')}
      </a>
      <header style={{ display: 'flex', alignItems: 'center', gap: 16, padding: '0 16px', flexWrap: 'wrap', minHeight: 64, background: '#001529' }}>
        <a href="/" style={{ color: '#fff', fontWeight: 600, fontSize: 16, whiteSpace: 'nowrap', textDecoration: 'none' }}>{t('app.title')}</a>
        <nav aria-label={t('app.title')} style={{ flex: 1, minWidth: 0, display: 'flex', flexWrap: 'wrap' }}>
          {(['calculator', 'notices'] as const).map((page) => (
            <a key={page} href={`/${page}`} style={{ color: 'rgba(255,255,255,0.85)', padding: '0 16px', lineHeight: '64px', textDecoration: 'none', fontSize: 14 }}>
              {t(`nav.${page}`)}
            </a>
          ))}
        </nav>
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
          <button type="button" lang={other === 'en' ? 'en' : 'zh-CN'} style={buttonStyle(false, true)} onClick={() => { keepLanguage(other); setLanguage(other); }}>
            {t('app.language')}
          </button>
          {me ? (
            <>
              <span style={{ color: '#fff', fontSize: 14 }}>{me.username}</span>
              <a href={homeOf(me)} style={buttonStyle(true, true)}>{t('home.myPages')}</a>
            </>
          ) : (
            <a href="/login" style={buttonStyle(true, true)}>{t('nav.login')}</a>
          )}
        </div>
      </header>
      <main id="main" style={{ flex: 1, padding: 16, maxWidth: 1280, width: '100%', margin: '0 auto', boxSizing: 'border-box' }}>
        <LandingContent t={t} link={link} />
      </main>
      <footer style={{ textAlign: 'center', padding: '24px 50px', color: TEXT, fontSize: 14 }}>{t('app.bureau')}</footer>
    </div>
  );
}
