import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { api, ApiError, query } from '../../api';
import { formatDateTime } from '../../dates';
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

const kindLabels = { staff: '工作人员', enterprise: '企业', admin: '管理员' };
const errorText = (e: unknown) => (e instanceof ApiError ? [e.message, ...e.fields.map((f) => f.message)].join('：') : String(e));

// 账号管理: the system administrator creates, deactivates and resets accounts; the security
// administrator unlocks them and resets their TOTP (三权分立: each sees only their buttons).
export default function Accounts() {
  const { session } = useSession();
  const { message, modal } = App.useApp();
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
          void message.success(`${label}完成`);
          void load(null);
        } catch (e) {
          void message.error(errorText(e));
        }
      },
    });

  return (
    <Card
      title="账号管理"
      extra={
        <Space>
          <Select aria-label="账号类型" allowClear placeholder="账号类型" style={{ width: 130 }} value={kind} onChange={setKind} options={Object.entries(kindLabels).map(([value, label]) => ({ value, label }))} />
          {system && (
            <Button type="primary" onClick={() => setCreating(true)}>
              新建账号
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
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          { title: '类型', dataIndex: 'kind', width: 90, render: (value: Account['kind']) => kindLabels[value] },
          { title: '归属', key: 'owner', render: (_, a) => a.staffMemberId ?? a.enterpriseId ?? a.adminRole },
          {
            title: '状态',
            key: 'state',
            render: (_, a) => (
              <Space size={2} wrap>
                <Tag color={a.active ? 'success' : 'default'}>{a.active ? '启用' : '停用'}</Tag>
                {a.lockedUntil && new Date(a.lockedUntil) > new Date() && <Tag color="error">锁定</Tag>}
                {a.totpEnabled && <Tag color="blue">动态口令</Tag>}
                {a.mustChangePassword && <Tag color="warning">须改密</Tag>}
              </Space>
            ),
          },
          { title: '创建时间', dataIndex: 'createdAt', width: 150, render: formatDateTime },
          {
            title: '操作',
            key: 'actions',
            render: (_, a) => (
              <Space size={4} wrap>
                {system && a.active && (
                  <Button size="small" onClick={() => act(a, 'deactivate', '停用', { reason: '管理员在网页端停用' })}>
                    停用
                  </Button>
                )}
                {system && !a.active && (
                  <Button size="small" onClick={() => act(a, 'activate', '启用', { reason: '管理员在网页端启用' })}>
                    启用
                  </Button>
                )}
                {!system && (
                  <Button size="small" onClick={() => act(a, 'unlock', '解除锁定', { reason: '安全管理员在网页端解锁' })}>
                    解锁
                  </Button>
                )}
                {!system && a.totpEnabled && (
                  <Button size="small" onClick={() => act(a, 'totp-reset', '重置动态口令', { reason: '安全管理员在网页端重置' })}>
                    重置口令
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {cursor && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void load(cursor)}>加载更多</Button>
        </div>
      )}
      <Modal open={creating} title="新建账号" footer={null} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form
          layout="vertical"
          name="create-account"
          initialValues={{ kind: 'staff' }}
          onFinish={async (values: { kind: string; owner: string; username: string; displayName: string; initialPassword: string }) => {
            const owner = values.kind === 'staff' ? { staffMemberId: values.owner } : values.kind === 'enterprise' ? { enterpriseId: values.owner } : { adminRole: values.owner };
            try {
              await api('/accounts', { method: 'POST', body: { kind: values.kind, username: values.username, displayName: values.displayName, initialPassword: values.initialPassword, ...owner } });
              void message.success('账号已建立，首次登录须修改密码');
              setCreating(false);
              void load(null);
            } catch (e) {
              void message.error(errorText(e));
            }
          }}
        >
          <Form.Item label="账号类型" name="kind" rules={[{ required: true }]}>
            <Select options={Object.entries(kindLabels).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item label="工作人员编号 / 企业编号 / 管理员角色" name="owner" rules={[{ required: true, message: '请填写归属' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请填写用户名' }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item label="姓名" name="displayName" rules={[{ required: true, message: '请填写姓名' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="初始密码" name="initialPassword" rules={[{ required: true, min: 8, message: '至少 8 位' }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            建立
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}
