import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Badge, Button, Card, List, Modal, Space, Tag } from 'antd';
import { api } from '../api';
import { notificationsChangedEvent } from '../components/UnreadCount';
import { formatDateTime } from '../dates';
import { useLocale, type MessageKey } from '../i18n';

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

interface NotificationList {
  unread: number;
  notifications: NotificationEntry[];
}

// 通知中心: reminders, 催办, escalations addressed to the signed-in staff member. A 催办通知单
// (an HTML document) is shown in a sandboxed srcdoc frame, so no script in it runs. Opening a
// notification's item or notice marks it read; "mark all" covers what was on screen, not what
// arrived since.
export default function Notifications() {
  const { t } = useLocale();
  const [list, setList] = useState<NotificationList>();
  const [error, setError] = useState<string>();
  const [document, setDocument] = useState<{ title: string; html: string }>();
  const [marking, setMarking] = useState(false);

  const load = useCallback(
    () =>
      api<NotificationList>('/notifications')
        .then(setList)
        .catch((e: Error) => setError(e.message)),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const changed = async () => {
    await load();
    window.dispatchEvent(new Event(notificationsChangedEvent));
  };
  const markRead = async (entry: NotificationEntry) => {
    if (entry.readAt) return;
    await api(`/notifications/${encodeURIComponent(entry.id)}/read`, { method: 'POST' }).catch((e: Error) => setError(e.message));
    await changed();
  };
  const markAllRead = async () => {
    const newest = list?.notifications[0]?.createdAt;
    if (!newest) return;
    setMarking(true);
    await api('/notifications/read', { method: 'POST', body: { upTo: newest } }).catch((e: Error) => setError(e.message));
    setMarking(false);
    await changed();
  };
  const kindLabel = (kind: string) => {
    const key = `notifications.kind.${kind}` as MessageKey;
    const label = t(key);
    return label === undefined ? kind : label;
  };

  return (
    <Card
      title={
        <Space>
          {t('notifications.title')}
          {!!list?.unread && <Tag color="blue">{t('notifications.unread', { n: list.unread })}</Tag>}
        </Space>
      }
      extra={
        <Button onClick={markAllRead} loading={marking} disabled={!list?.unread}>
          {t('notifications.markAllRead')}
        </Button>
      }
    >
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      <List
        loading={!list && !error}
        dataSource={list?.notifications ?? []}
        locale={{ emptyText: t('notifications.empty') }}
        renderItem={(entry) => (
          <List.Item
            aria-label={entry.title}
            actions={[
              entry.itemId && (
                <Link key="item" to={`/items/${entry.itemId}`} onClick={() => void markRead(entry)}>
                  {t('notifications.openItem')}
                </Link>
              ),
              entry.document && (
                <Button
                  key="doc"
                  size="small"
                  onClick={() => {
                    setDocument({ title: entry.documentTitle ?? entry.title, html: entry.document ?? '' });
                    void markRead(entry);
                  }}
                >
                  {t('notifications.openDocument')}
                </Button>
              ),
              !entry.readAt && (
                <Button key="read" size="small" type="link" onClick={() => void markRead(entry)}>
                  {t('notifications.markRead')}
                </Button>
              ),
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={
                <Space>
                  {entry.readAt ? <Badge status="default" text={t('notifications.read')} /> : <Badge status="processing" />}
                  {entry.title}
                  <Tag>{kindLabel(entry.kind)}</Tag>
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
      <Modal open={!!document} title={document?.title} width={820} footer={null} onCancel={() => setDocument(undefined)}>
        {document && <iframe className="srdi-document" title={document.title} srcDoc={document.html} sandbox="" />}
      </Modal>
    </Card>
  );
}
