import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

// Chinese by default; English for visitors. UI chrome is translated here; Chinese texts that come
// from the API (state labels, messages) are shown as they are, except the state names below.

const en = {
  appName: 'SRDI Flow supervision platform',
  'nav.inbox': 'Unit inbox',
  'nav.notifications': 'Notifications',
  'nav.board': 'Supervision board',
  'nav.meetings': 'Joint meetings',
  'nav.cases': 'Our cases',
  'nav.accounts': 'Accounts',
  'nav.itemTypes': 'Item types',
  'nav.calendar': 'Working calendar',
  'nav.audit': 'Audit log',
  'login.title': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.totp': 'Authenticator code',
  'login.totpVerify': 'Verify',
  'login.enrolTitle': 'Bind an authenticator (TOTP)',
  'login.enrolHint': 'Scan the QR code with an authenticator app, or type the secret, then enter the 6-digit code.',
  'login.secret': 'Secret',
  'login.confirm': 'Confirm binding',
  'login.changeTitle': 'Change your password',
  'login.currentPassword': 'Current password',
  'login.newPassword': 'New password',
  'login.repeatPassword': 'Repeat new password',
  'login.change': 'Change password',
  logout: 'Sign out',
  language: '中文',
  search: 'Search title',
  state: 'State',
  colour: 'Colour',
  type: 'Type',
  overdueOnly: 'Overdue only',
  role: 'Role',
  loadMore: 'Load more',
  title: 'Title',
  leadUnit: 'Lead unit',
  deadline: 'Deadline',
  actions: 'Actions',
  history: 'History',
  explain: 'How the deadline is computed',
  attachments: 'Attachments',
  upload: 'Upload',
  submit: 'Submit',
  cancel: 'Cancel',
  unit: 'Unit',
  refresh: 'Refresh',
  'colour.green': 'On time',
  'colour.yellow': 'Warning',
  'colour.red': 'Overdue',
  'deadline.left': '{n} working days left',
  'deadline.today': 'Due today',
  'deadline.over': '{n} working days overdue',
  'deadline.none': 'Clock stopped',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  appName: '专精特新督办平台',
  'nav.inbox': '单位待办',
  'nav.notifications': '通知中心',
  'nav.board': '督办总览',
  'nav.meetings': '联席会议',
  'nav.cases': '我的诉求',
  'nav.accounts': '账号管理',
  'nav.itemTypes': '事项类型',
  'nav.calendar': '工作日历',
  'nav.audit': '审计记录',
  'login.title': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.totp': '动态口令',
  'login.totpVerify': '验证',
  'login.enrolTitle': '绑定动态口令（TOTP）',
  'login.enrolHint': '用验证器应用扫描二维码或输入密钥，然后输入显示的 6 位口令。',
  'login.secret': '密钥',
  'login.confirm': '确认绑定',
  'login.changeTitle': '修改密码',
  'login.currentPassword': '当前密码',
  'login.newPassword': '新密码',
  'login.repeatPassword': '再次输入新密码',
  'login.change': '修改密码',
  logout: '退出登录',
  language: 'English',
  search: '搜索标题',
  state: '状态',
  colour: '颜色',
  type: '类型',
  overdueOnly: '仅看超期',
  role: '本单位角色',
  loadMore: '加载更多',
  title: '标题',
  leadUnit: '牵头单位',
  deadline: '期限',
  actions: '操作',
  history: '办理记录',
  explain: '时限说明',
  attachments: '附件',
  upload: '上传',
  submit: '提交',
  cancel: '取消',
  unit: '单位',
  refresh: '刷新',
  'colour.green': '正常',
  'colour.yellow': '预警',
  'colour.red': '超期',
  'deadline.left': '剩 {n} 个工作日',
  'deadline.today': '今日到期',
  'deadline.over': '超期 {n} 个工作日',
  'deadline.none': '未计时',
};

export type Locale = 'zh' | 'en';

interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, values?: Record<string, string | number>): string;
}

const LocaleContext = createContext<LocaleState | null>(null);

const storageKey = 'srdi.locale';

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => (localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh'));
  const value = useMemo<LocaleState>(
    () => ({
      locale,
      setLocale(next) {
        localStorage.setItem(storageKey, next);
        document.documentElement.lang = next === 'en' ? 'en' : 'zh-CN';
        setLocaleState(next);
      },
      t(key, values) {
        const template: string = (locale === 'en' ? en : zh)[key];
        return values ? template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? '')) : template;
      },
    }),
    [locale],
  );
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleState {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale outside LocaleProvider');
  return value;
}

const stateNamesEn: Record<string, string> = {
  pending_sign: 'Awaiting sign-off',
  in_progress: 'In progress',
  pending_review: 'Under review',
  completed: 'Completed',
  closed: 'Closed',
  returned: 'Returned',
  halted: 'Halted',
};

/** The state's name: the API's Chinese label, or its English name. */
export const stateName = (locale: Locale, state: string, label?: string) => (locale === 'en' ? (stateNamesEn[state] ?? state) : (label ?? zhStates[state] ?? state));

export const zhStates: Record<string, string> = {
  pending_sign: '待签收',
  in_progress: '办理中',
  pending_review: '待审核',
  completed: '已办结',
  closed: '已销号',
  returned: '已退回',
  halted: '已中止',
};
