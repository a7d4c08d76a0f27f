import { useEffect, useState } from 'react';
import { Alert, Button, Card, Table } from 'antd';
import { api } from '../../api';
import { formatDateTime } from '../../dates';

interface AuditEvent {
  seq?: number;
  id?: string;
  action: string;
  actorId: string;
  subject: string;
  at: string;
}

export default function Audit() {
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
      title="审计记录"
      extra={
        <Button
          onClick={() =>
            api<{ intact: boolean; brokenAt?: unknown; rows?: number }>('/audit-events/verification')
              .then((result) => setVerification(result.intact ? `审计链完整（${result.rows ?? '—'} 条）` : `审计链在 ${JSON.stringify(result.brokenAt)} 处不一致`))
              .catch((e: Error) => setError(e.message))
          }
        >
          校验审计链
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
          { title: '时间', dataIndex: 'at', width: 160, render: formatDateTime },
          { title: '动作', dataIndex: 'action' },
          { title: '操作人', dataIndex: 'actorId' },
          { title: '对象', dataIndex: 'subject' },
        ]}
      />
    </Card>
  );
}
