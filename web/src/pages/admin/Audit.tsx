import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Table, Typography } from 'antd';
import { api, query } from '../../api';
import { useActorText, type ActorView } from '../../actors';
import { formatDateTime } from '../../dates';
import { useLocale } from '../../i18n';

interface AuditEvent {
  seq?: number;
  id?: string;
  action: string;
  actorId: string;
  actor: ActorView | null;
  subject: string;
  at: string;
  detail?: unknown;
}

interface Filters {
  action?: string;
  actorId?: string;
  subject?: string;
}

const clean = (filters: Filters): Filters =>
  Object.fromEntries(Object.entries(filters).map(([key, value]) => [key, typeof value === 'string' ? value.trim() : value]).filter(([, value]) => value)) as Filters;

/** An item event reads as its label and reason (催办通知、批示的内容); anything else as its JSON. */
function summary(detail: Record<string, unknown>): string {
  const said = [detail.label, detail.reason].filter((part) => typeof part === 'string' && part);
  return said.length ? said.join('：') : JSON.stringify(detail);
}

// 审计记录: the audit administrator searches the trail (by action prefix, actor, subject) and
// checks that its hash chain is unbroken.
export default function Audit() {
  const { t } = useLocale();
  const actorText = useActorText();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [events, setEvents] = useState<AuditEvent[]>();
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [verification, setVerification] = useState<string>();
  const [error, setError] = useState<string>();

  const load = useCallback(async (current: Filters, before: number | null) => {
    setError(undefined);
    try {
      const result = await api<{ events: AuditEvent[]; nextBefore: number | null }>(`/audit-events${query({ ...current, before, limit: 100 })}`);
      setEvents((shown) => (before ? [...(shown ?? []), ...result.events] : result.events));
      setNextBefore(result.nextBefore);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setEvents([]);
    }
  }, []);

  useEffect(() => {
    void load(filters, null);
  }, [load, filters]);

  return (
    <Card
      title={t('audit.title')}
      extra={
        <Button
          onClick={() =>
            api<{ intact: boolean; brokenAt?: unknown; rows?: number }>('/audit-events/verification')
              .then((result) => setVerification(result.intact ? t('audit.intact', { n: result.rows ?? '—' }) : t('audit.broken', { at: JSON.stringify(result.brokenAt) })))
              .catch((e: Error) => setError(e.message))
          }
        >
          {t('audit.verify')}
        </Button>
      }
    >
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      {verification && <Alert type="info" title={verification} showIcon role="status" style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="inline"
        name="audit-search"
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={(values) => {
          setEvents(undefined);
          setFilters(clean(values));
        }}
      >
        <Form.Item name="action" label={t('audit.searchAction')} rules={[{ pattern: /^[a-z_.]{1,64}$/, message: t('audit.searchActionHint') }]}>
          <Input placeholder={t('audit.searchActionHint')} allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="actorId" label={t('audit.searchActor')}>
          <Input allowClear style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="subject" label={t('audit.searchSubject')}>
          <Input allowClear style={{ width: 240 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('audit.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setEvents(undefined);
              setFilters({});
            }}
          >
            {t('audit.reset')}
          </Button>
        </Space>
      </Form>
      <Table<AuditEvent>
        rowKey={(row) => String(row.seq ?? row.id)}
        size="small"
        loading={!events && !error}
        dataSource={events ?? []}
        pagination={false}
        columns={[
          { title: t('admin.time'), dataIndex: 'at', width: 150, render: formatDateTime },
          { title: t('audit.action'), dataIndex: 'action', width: 170 },
          {
            title: t('audit.actor'),
            dataIndex: 'actorId',
            width: 190,
            // The name to read, the id to search by.
            render: (actorId: string, row) => (
              <>
                <div>{actorText(row.actor, actorId)}</div>
                {row.actor && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {actorId}
                  </Typography.Text>
                )}
              </>
            ),
          },
          { title: t('audit.subject'), dataIndex: 'subject', width: 200, ellipsis: { showTitle: true } },
          {
            title: t('audit.detail'),
            dataIndex: 'detail',
            // Long records stay on one line; the whole record is in the tooltip.
            ellipsis: { showTitle: false },
            render: (detail: unknown) =>
              detail && typeof detail === 'object' && Object.keys(detail).length ? (
                <Typography.Text style={{ fontSize: 12 }} ellipsis={{ tooltip: JSON.stringify(detail) }}>
                  {summary(detail as Record<string, unknown>)}
                </Typography.Text>
              ) : null,
          },
        ]}
      />
      {events && (
        <Space style={{ marginTop: 12 }}>
          <Typography.Text type="secondary" data-testid="audit-count">
            {t('audit.count', { n: events.length })}
          </Typography.Text>
          {nextBefore && <Button onClick={() => void load(filters, nextBefore)}>{t('audit.more')}</Button>}
        </Space>
      )}
    </Card>
  );
}
