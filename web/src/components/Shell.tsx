import { useMemo, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  BellOutlined,
  CalendarOutlined,
  DashboardOutlined,
  FlagOutlined,
  FormOutlined,
  FundOutlined,
  InboxOutlined,
  MoneyCollectOutlined,
  RiseOutlined,
  SettingOutlined,
  ShopOutlined,
  SolutionOutlined,
  TeamOutlined,
  TrophyOutlined,
  UploadOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useLocale } from '../i18n';
import { audiencesOf, useSession } from '../session';
import { pages } from '../routes';
import { UnreadCount } from './UnreadCount';

const icons: Record<string, ReactNode> = {
  inbox: <InboxOutlined />,
  dashboard: <DashboardOutlined />,
  team: <TeamOutlined />,
  bell: <BellOutlined />,
  solution: <SolutionOutlined />,
  user: <UserOutlined />,
  setting: <SettingOutlined />,
  calendar: <CalendarOutlined />,
  audit: <AuditOutlined />,
  money: <MoneyCollectOutlined />,
  trophy: <TrophyOutlined />,
  rise: <RiseOutlined />,
  flag: <FlagOutlined />,
  fund: <FundOutlined />,
  form: <FormOutlined />,
  apartment: <ApartmentOutlined />,
  upload: <UploadOutlined />,
  shop: <ShopOutlined />,
};

export function Shell({ children }: { children: ReactNode }) {
  const { session, signOut } = useSession();
  const { t, locale, setLocale } = useLocale();
  const location = useLocation();
  const navigate = useNavigate();
  const audiences = useMemo(() => (session ? audiencesOf(session.principal) : new Set()), [session]);
  const menu = pages.filter((page) => page.menu && page.audiences.some((audience) => audiences.has(audience)));
  const selected = menu.find((page) => location.pathname.startsWith(page.path))?.path;
  return (
    <Layout className="srdi-shell">
      <Layout.Header className="srdi-header">
        <Link to="/" className="srdi-brand">
          {t('appName')}
        </Link>
        <Space>
          <Typography.Text className="srdi-user">{session?.principal.displayName}</Typography.Text>
          {/* The visible name starts the accessible one (WCAG 2.5.3); the button names the language it switches to. */}
          <Button size="small" onClick={() => setLocale(locale === 'en' ? 'zh' : 'en')} aria-label={`${t('language')}（切换语言 / Switch language）`}>
            <span lang={locale === 'en' ? 'zh-CN' : 'en'}>{t('language')}</span>
          </Button>
          <Button
            size="small"
            onClick={async () => {
              await signOut();
              navigate('/login');
            }}
          >
            {t('logout')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} theme="light" breakpoint="md" collapsedWidth={0}>
          <nav aria-label={t('nav.main')}>
            <Menu
              mode="inline"
              selectedKeys={selected ? [selected] : []}
              items={menu.map((page) => ({
                key: page.path,
                icon: page.icon ? icons[page.icon] : undefined,
                label: (
                  <Link to={page.path}>
                    {t(page.menu!)}
                    {page.path === '/notifications' && <UnreadCount />}
                  </Link>
                ),
              }))}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content className="srdi-content">
          <main>{children}</main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
