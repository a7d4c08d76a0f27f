import { Suspense, lazy, useMemo } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { LocaleProvider, useLocale } from './i18n';
import { SessionProvider, audiencesOf, useSession } from './session';
import { homePathFor, pages } from './routes';
import { Shell } from './components/Shell';

const LoginPage = lazy(() => import('./pages/Login'));

const loading = (
  <div className="srdi-loading" role="status" aria-live="polite">
    <Spin />
  </div>
);

function Guarded() {
  const { session } = useSession();
  const location = useLocation();
  const audiences = useMemo(() => (session ? audiencesOf(session.principal) : new Set()), [session]);
  if (session === undefined) return loading;
  if (session === null || session.stage !== 'active') {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return (
    <Shell>
      <Suspense fallback={loading}>
        <Routes>
          {pages
            .filter((page) => page.audiences.some((audience) => audiences.has(audience)))
            .map((page) => (
              <Route key={page.path} path={page.path} element={<page.component />} />
            ))}
          <Route path="*" element={<Navigate to={homePathFor(audiencesOf(session.principal))} replace />} />
        </Routes>
      </Suspense>
    </Shell>
  );
}

// Ant Design's default greys, placeholder, red and green fall below WCAG AA contrast (4.5:1) on
// white; these keep its look but pass (checked by the accessibility browser test).
const theme = {
  token: {
    colorPrimary: '#1554ad',
    colorLink: '#1554ad',
    colorInfo: '#1554ad',
    colorTextDisabled: 'rgba(0, 0, 0, 0.55)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    colorError: '#c41d1d',
    colorSuccess: '#2b7a0b',
    colorSuccessBg: '#f0f9eb',
    colorSuccessBorder: '#b7eb8f',
    colorWarning: '#ad6800',
    colorWarningBg: '#fffbe6',
    colorWarningBorder: '#ffe58f',
    colorErrorBg: '#fff1f0',
    colorErrorBorder: '#ffa39e',
  },
};

function Localised() {
  const { locale } = useLocale();
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Suspense fallback={loading}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route path="*" element={<Guarded />} />
              </Routes>
            </Suspense>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <LocaleProvider>
      <Localised />
    </LocaleProvider>
  );
}
