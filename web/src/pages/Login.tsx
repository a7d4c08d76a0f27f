import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import QRCode from 'qrcode';
import { api, ApiError } from '../api';
import { useLocale } from '../i18n';
import { audiencesOf, useSession } from '../session';
import { homePathFor } from '../routes';
import type { Session } from '../types';

// Sign-in in the order the API asks for (GET /auth/session `stage`): password, then binding or
// answering a TOTP code, then a forced password change, then the app.

function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.fields.length ? `${error.message}：${error.fields.map((f) => f.message).join('；')}` : error.message;
  return '网络错误，请稍后重试';
}

export default function LoginPage() {
  const { session, setSession, refresh } = useSession();
  const { t, locale, setLocale } = useLocale();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [enrolment, setEnrolment] = useState<{ secret: string; qr: string }>();

  const stage = session?.stage;
  useEffect(() => {
    if (session && stage === 'active') {
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/login' ? from : homePathFor(audiencesOf(session.principal)), { replace: true });
    }
  }, [session, stage, navigate, location.state]);

  useEffect(() => {
    if (stage !== 'totp_enrolment' || enrolment) return;
    api<{ secret: string; otpauthUri: string }>('/auth/totp/enrolment', { method: 'POST' })
      .then(async (result) => setEnrolment({ secret: result.secret, qr: await QRCode.toDataURL(result.otpauthUri, { margin: 1, width: 180 }) }))
      .catch((e: unknown) => setError(errorText(e)));
  }, [stage, enrolment]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const heading =
    stage === 'totp_enrolment' ? t('login.enrolTitle') : stage === 'second_factor' ? t('login.totp') : stage === 'password_change' ? t('login.changeTitle') : t('login.title');

  return (
    <div className="srdi-login">
      <main>
        <Card
          title={
            <Typography.Title level={1} style={{ fontSize: '1.25rem', margin: 0 }}>
              {t('appName')} · {heading}
            </Typography.Title>
          }
          extra={
            <Button type="link" onClick={() => setLocale(locale === 'en' ? 'zh' : 'en')}>
              {t('language')}
            </Button>
          }
        >
          {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} role="alert" />}
          {(!session || stage === 'active') && (
            <Form
              layout="vertical"
              name="login"
              onFinish={(values: { username: string; password: string }) =>
                run(async () => {
                  const result = await api<Session>('/auth/login', { method: 'POST', body: values });
                  setSession(result);
                })
              }
            >
              <Form.Item label={t('login.username')} name="username" rules={[{ required: true, message: '请输入用户名' }]}>
                <Input autoComplete="username" autoFocus />
              </Form.Item>
              <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: '请输入密码' }]}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy}>
                {t('login.submit')}
              </Button>
            </Form>
          )}
          {stage === 'second_factor' && (
            <Form
              layout="vertical"
              name="totp"
              onFinish={(values: { code: string }) =>
                run(async () => {
                  await api('/auth/totp/verify', { method: 'POST', body: { code: values.code.trim() } });
                  await refresh();
                })
              }
            >
              <Form.Item label={t('login.totp')} name="code" rules={[{ required: true, pattern: /^\d{6}$/, message: '请输入 6 位动态口令' }]}>
                <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy}>
                {t('login.totpVerify')}
              </Button>
            </Form>
          )}
          {stage === 'totp_enrolment' && (
            <Form
              layout="vertical"
              name="enrol"
              onFinish={(values: { code: string }) =>
                run(async () => {
                  await api('/auth/totp/enrolment/confirm', { method: 'POST', body: { code: values.code.trim() } });
                  await refresh();
                })
              }
            >
              <Typography.Paragraph>{t('login.enrolHint')}</Typography.Paragraph>
              {enrolment && (
                <>
                  <img className="srdi-qr" src={enrolment.qr} alt="动态口令二维码 / TOTP QR code" />
                  <Typography.Paragraph>
                    {t('login.secret')}：
                    <span className="srdi-secret" data-testid="totp-secret">
                      {enrolment.secret}
                    </span>
                  </Typography.Paragraph>
                </>
              )}
              <Form.Item label={t('login.totp')} name="code" rules={[{ required: true, pattern: /^\d{6}$/, message: '请输入 6 位动态口令' }]}>
                <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy} disabled={!enrolment}>
                {t('login.confirm')}
              </Button>
            </Form>
          )}
          {stage === 'password_change' && (
            <Form
              layout="vertical"
              name="password"
              onFinish={(values: { currentPassword: string; newPassword: string }) =>
                run(async () => {
                  await api('/auth/password', { method: 'POST', body: { currentPassword: values.currentPassword, newPassword: values.newPassword } });
                  await refresh();
                })
              }
            >
              <Typography.Paragraph>
                {session?.passwordExpired ? '密码已过期，请修改后继续。' : '首次登录或密码已被重置，请修改密码后继续。'}至少 8 位，包含大写、小写、数字、特殊字符中的 3 类，不得包含用户名。
              </Typography.Paragraph>
              <Form.Item label={t('login.currentPassword')} name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Form.Item label={t('login.newPassword')} name="newPassword" rules={[{ required: true, min: 8, message: '新密码至少 8 位' }]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                label={t('login.repeatPassword')}
                name="repeat"
                dependencies={['newPassword']}
                rules={[
                  { required: true, message: '请再次输入新密码' },
                  ({ getFieldValue }) => ({ validator: (_, value) => (value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))) }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Space>
                <Button type="primary" htmlType="submit" loading={busy}>
                  {t('login.change')}
                </Button>
              </Space>
            </Form>
          )}
        </Card>
      </main>
    </div>
  );
}
