import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { api, ApiError, query } from '../../api';
import { formatDateTime } from '../../dates';
import { useLocale } from '../../i18n';
import { useSession } from '../../session';

interface Account {
  id: string;
  username: string;
  displayName: string;
  kind: 'staff' | 'enterprise' | 'admin';
  staffMemberId: string | null;
  enterpriseId: string | null;
  adminRole: string | null;
  active: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  totpEnabled: boolean;
  createdAt: string;
}

const kinds = ['staff', 'enterprise', 'admin'] as const;
/** Locked by failed sign-ins until a moment still to come (the lock lifts by itself after it). */
const isLocked = (account: Account) => account.lockedUntil !== null && new Date(account.lockedUntil) > new Date();
const errorText = (e: unknown) => (e instanceof ApiError ? [e.message, ...e.fields.map((f) => f.message)].join('：') : String(e));

/** The system administrator's to stop and start: all but the security and audit administrators. */
const manageable = (account: Account) => account.kind !== 'admin' || account.adminRole === 'system';

// 账号管理: the system administrator creates, deactivates and resets accounts; the security
// administrator unlocks them and resets their TOTP (三权分立: each sees only their buttons).
export default function Accounts() {
  const { session } = useSession();
  const { message, modal } = App.useApp();
  const { t } = useLocale();
  const kindLabel = (kind: Account['kind']) => t(`accounts.kind.${kind}`);
  const kindOptions = kinds.map((value) => ({ value, label: kindLabel(value) }));
  const system = session?.principal.adminRole === 'system';
  const [kind, setKind] = useState<string>();
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [creating, setCreating] = useState(false);

  const load = useCallback(
    async (after: string | null) => {
      try {
        const page = await api<{ accounts: Account[]; nextCursor: string | null }>(`/accounts${query({ kind, cursor: after, limit: 100 })}`);
        setAccounts((current) => (after ? [...current, ...page.accounts] : page.accounts));
        setCursor(page.nextCursor);
      } catch (e) {
        setError(errorText(e));
      }
    },
    [kind],
  );
  useEffect(() => {
    void load(null);
  }, [load]);

  const act = (account: Account, path: string, label: string, body?: object) =>
    modal.confirm({
      title: `${label}：${account.username}`,
      content: body && 'reason' in body ? undefined : null,
      onOk: async () => {
        try {
          await api(`/accounts/${account.id}/${path}`, { method: 'POST', body: body ?? {} });
          void message.success(t('admin.done', { action: label }));
          void load(null);
        } catch (e) {
          void message.error(errorText(e));
        }
      },
    });

  return (
    <Card
      title={t('accounts.title')}
      extra={
        <Space>
          <Select aria-label={t('accounts.kind')} allowClear placeholder={t('accounts.kind')} style={{ width: 130 }} value={kind} onChange={setKind} options={kindOptions} />
          {system && (
            <Button type="primary" onClick={() => setCreating(true)}>
              {t('accounts.create')}
            </Button>
          )}
        </Space>
      }
    >
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      <Table<Account>
        rowKey="id"
        size="small"
        dataSource={accounts}
        pagination={false}
        columns={[
          { title: t('accounts.username'), dataIndex: 'username' },
          { title: t('accounts.displayName'), dataIndex: 'displayName' },
          { title: t('accounts.type'), dataIndex: 'kind', width: 110, render: (value: Account['kind']) => kindLabel(value) },
          { title: t('accounts.owner'), key: 'owner', render: (_, a) => a.staffMemberId ?? a.enterpriseId ?? a.adminRole },
          {
            title: t('accounts.state'),
            key: 'state',
            render: (_, a) => (
              <Space size={2} wrap>
                <Tag color={a.active ? 'success' : 'default'}>{a.active ? t('accounts.active') : t('accounts.inactive')}</Tag>
                {isLocked(a) && <Tag color="error">{t('accounts.locked')}</Tag>}
                {a.totpEnabled && <Tag color="blue">{t('accounts.totp')}</Tag>}
                {a.mustChangePassword && <Tag color="warning">{t('accounts.mustChange')}</Tag>}
              </Space>
            ),
          },
          { title: t('accounts.createdAt'), dataIndex: 'createdAt', width: 150, render: formatDateTime },
          {
            title: t('admin.operations'),
            key: 'actions',
            render: (_, a) => (
              <Space size={4} wrap>
                {system && manageable(a) && a.active && (
                  <Button size="small" onClick={() => act(a, 'deactivate', t('accounts.deactivate'), { reason: t('accounts.reasonDeactivate') })}>
                    {t('accounts.deactivate')}
                  </Button>
                )}
                {system && manageable(a) && !a.active && (
                  <Button size="small" onClick={() => act(a, 'activate', t('accounts.activate'), { reason: t('accounts.reasonActivate') })}>
                    {t('accounts.activate')}
                  </Button>
                )}
                {!system && isLocked(a) && (
                  <Button size="small" onClick={() => act(a, 'unlock', t('accounts.unlockAction'), { reason: t('accounts.reasonUnlock') })}>
                    {t('accounts.unlock')}
                  </Button>
                )}
                {!system && a.totpEnabled && (
                  <Button size="small" onClick={() => act(a, 'totp-reset', t('accounts.resetTotp'), { reason: t('accounts.reasonTotp') })}>
                    {t('accounts.resetTotpShort')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {cursor && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void load(cursor)}>{t('loadMore')}</Button>
        </div>
      )}
      <Modal open={creating} title={t('accounts.create')} footer={null} onCancel={() => setCreating(false)} destroyOnHidden>
        <CreateAccountForm
          kindOptions={kindOptions}
          onCreated={() => {
            setCreating(false);
            void load(null);
          }}
        />
      </Modal>
    </Card>
  );
}

/** Staff members who have no account yet, named with their unit (from the organisation chart). */
function useStaffWithoutAccount() {
  const [options, setOptions] = useState<{ value: string; label: string }[]>();
  useEffect(() => {
    api<{ units: { name: string; staff: { id: string; name: string; active: boolean; username: string | null }[] }[] }>('/organisation')
      .then((chart) => setOptions(chart.units.flatMap((unit) => unit.staff.filter((person) => person.active && !person.username).map((person) => ({ value: person.id, label: `${person.name}（${unit.name}）` })))))
      .catch(() => setOptions([]));
  }, []);
  return options;
}

/**
 * 新建账号: a staff member is picked from those without an account; an enterprise is named by
 * its id; an administrator account is always a system administrator's (security and audit
 * administrators are opened by the operator at the server, so no administrator makes another kind).
 */
function CreateAccountForm({ kindOptions, onCreated }: { kindOptions: { value: string; label: string }[]; onCreated(): void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ kind: Account['kind']; owner?: string; username: string; displayName: string; initialPassword: string }>();
  const kind = Form.useWatch('kind', form) ?? 'staff';
  const staffOptions = useStaffWithoutAccount();
  return (
        <Form
          form={form}
          layout="vertical"
          name="create-account"
          initialValues={{ kind: 'staff' }}
          onFinish={async (values) => {
            const owner = values.kind === 'staff' ? { staffMemberId: values.owner } : values.kind === 'enterprise' ? { enterpriseId: values.owner } : { adminRole: 'system' };
            try {
              await api('/accounts', { method: 'POST', body: { kind: values.kind, username: values.username, displayName: values.displayName, initialPassword: values.initialPassword, ...owner } });
              void message.success(t('accounts.created'));
              onCreated();
            } catch (e) {
              void message.error(errorText(e));
            }
          }}
        >
          <Form.Item label={t('accounts.kind')} name="kind" rules={[{ required: true }]}>
            <Select options={kindOptions} onChange={() => form.setFieldValue('owner', undefined)} />
          </Form.Item>
          {kind === 'staff' && (
            <Form.Item label={t('accounts.staffMember')} name="owner" rules={[{ required: true, message: t('accounts.ownerRequired') }]}>
              <Select showSearch optionFilterProp="label" loading={!staffOptions} options={staffOptions} notFoundContent={t('accounts.noStaffWithoutAccount')} />
            </Form.Item>
          )}
          {kind === 'enterprise' && (
            <Form.Item label={t('accounts.enterpriseId')} name="owner" rules={[{ required: true, message: t('accounts.ownerRequired') }]}>
              <Input />
            </Form.Item>
          )}
          {kind === 'admin' && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('accounts.adminIsSystem')} />}
          <Form.Item label={t('accounts.username')} name="username" rules={[{ required: true, message: t('accounts.usernameRequired') }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item label={t('accounts.displayName')} name="displayName" rules={[{ required: true, message: t('accounts.nameRequired') }]}>
            <Input />
          </Form.Item>
          <Form.Item label={t('accounts.initialPassword')} name="initialPassword" rules={[{ required: true, min: 8, message: t('accounts.passwordMin') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('accounts.submit')}
          </Button>
        </Form>
  );
}
