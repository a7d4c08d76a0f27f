import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Badge, Button, Card, List, Modal, Space, Tag } from 'antd';
import { api } from '../api';
import { formatDateTime } from '../dates';

interface NotificationEntry {
  id: string;
  kind: string;
  title: string;
  body: string;
  itemId: string | null;
  documentTitle: string | null;
  document: string | null;
  createdAt: string;
  readAt: string | null;
}

// 通知中心: reminders, 催办, escalations addressed to the signed-in staff member. A 催办通知单
// (an HTML document) is shown in a sandboxed srcdoc frame, so no script in it runs.
export default function Notifications() {
  const [entries, setEntries] = useState<NotificationEntry[]>();
  const [error, setError] = useState<string>();
  const [document, setDocument] = useState<{ title: string; html: string }>();
  useEffect(() => {
    api<{ notifications: NotificationEntry[] }>('/notifications')
      .then((result) => setEntries(result.notifications))
      .catch((e: Error) => setError(e.message));
  }, []);
  const openDocument = (entry: NotificationEntry) => {
    setDocument({ title: entry.documentTitle ?? entry.title, html: entry.document ?? '' });
  };
  return (
    <Card title="通知中心">
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      <List
        loading={!entries && !error}
        dataSource={entries ?? []}
        locale={{ emptyText: '暂无通知' }}
        renderItem={(entry) => (
          <List.Item
            actions={[
              entry.itemId && (
                <Link key="item" to={`/items/${entry.itemId}`}>
                  查看事项
                </Link>
              ),
              entry.document && (
                <Button key="doc" size="small" onClick={() => openDocument(entry)}>
                  查看通知单
                </Button>
              ),
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={
                <Space>
                  {!entry.readAt && <Badge status="processing" />}
                  {entry.title}
                  <Tag>{entry.kind}</Tag>
                </Space>
              }
              description={
                <>
                  <div>{entry.body}</div>
                  <div style={{ color: '#595959' }}>{formatDateTime(entry.createdAt)}</div>
                </>
              }
            />
          </List.Item>
        )}
      />
      <Modal
        open={!!document}
        title={document?.title}
        width={820}
        footer={null}
        onCancel={() => setDocument(undefined)}
      >
        {document && <iframe className="srdi-document" title={document.title} srcDoc={document.html} sandbox="" />}
      </Modal>
    </Card>
  );
}
