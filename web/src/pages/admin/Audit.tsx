import { useEffect, useState } from 'react';
import { Alert, Button, Card, Table } from 'antd';
import { api } from '../../api';
import { formatDateTime } from '../../dates';
import { useLocale } from '../../i18n';

interface AuditEvent {
  seq?: number;
  id?: string;
  action: string;
  actorId: string;
  subject: string;
  at: string;
}

// 审计记录: the audit administrator reads the trail and checks that its hash chain is unbroken.
export default function Audit() {
  const { t } = useLocale();
  const [events, setEvents] = useState<AuditEvent[]>();
  const [verification, setVerification] = useState<string>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<{ events: AuditEvent[] }>('/audit-events')
      .then((result) => setEvents(result.events))
      .catch((e: Error) => setError(e.message));
  }, []);
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
      {verification && <Alert type="info" title={verification} showIcon />}
      <Table<AuditEvent>
        rowKey={(row) => String(row.seq ?? row.id)}
        size="small"
        loading={!events && !error}
        dataSource={events ?? []}
        columns={[
          { title: t('admin.time'), dataIndex: 'at', width: 160, render: formatDateTime },
          { title: t('audit.action'), dataIndex: 'action' },
          { title: t('audit.actor'), dataIndex: 'actorId' },
          { title: t('audit.subject'), dataIndex: 'subject' },
        ]}
      />
    </Card>
  );
}
