import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Form, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, newIdempotencyKey } from '../api';
import { useLocale, type MessageKey } from '../i18n';
import { audiencesOf, useSession } from '../session';

interface MeetingSummary {
  id: string;
  title: string;
  state: 'preparing' | 'held' | 'lapsed';
  scheduledOn: string;
  heldOn: string | null;
}

const stateColours: Record<string, string> = { preparing: 'processing', held: 'success', lapsed: 'default' };

/** A meeting's state as a tag, in the reader's language. */
export function MeetingStateTag({ state }: { state: string }) {
  const { t } = useLocale();
  const known = state in stateColours;
  return <Tag color={stateColours[state]}>{known ? t(`mtg.state.${state}` as MessageKey) : state}</Tag>;
}

// 联席会议: the commission convenes one (its agenda and the bulletin of earlier agreed items are
// compiled by the meeting workflow); every staff member reads them.
export default function Meetings() {
  const { session } = useSession();
  const { t } = useLocale();
  const { message } = App.useApp();
  const commission = session ? audiencesOf(session.principal).has('commission') : false;
  const [meetings, setMeetings] = useState<MeetingSummary[]>();
  const [error, setError] = useState<string>();
  const load = () =>
    api<{ meetings: MeetingSummary[] }>('/meetings')
      .then((result) => setMeetings(result.meetings))
      .catch((e: Error) => setError(e.message));
  useEffect(() => {
    void load();
  }, []);
  return (
    <Card title={t('mtg.title')}>
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      {commission && (
        <Form
          layout="inline"
          name="convene"
          style={{ marginBottom: 16 }}
          onFinish={async (values: { scheduledOn: Dayjs }) => {
            try {
              await api('/meetings', { method: 'POST', body: { scheduledOn: values.scheduledOn.format('YYYY-MM-DD') }, headers: { 'Idempotency-Key': newIdempotencyKey() } });
              void message.success(t('mtg.convened'));
              void load();
            } catch (e) {
              setError((e as Error).message);
            }
          }}
        >
          <Form.Item label={t('mtg.convenedOn')} name="scheduledOn" rules={[{ required: true, message: t('mtg.dateRequired') }]}>
            <DatePicker />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('mtg.convene')}
            </Button>
          </Space>
        </Form>
      )}
      <Table<MeetingSummary>
        rowKey="id"
        loading={!meetings && !error}
        dataSource={meetings ?? []}
        pagination={false}
        scroll={{ x: 560 }}
        columns={[
          { title: t('mtg.meeting'), dataIndex: 'title', render: (title: string, meeting) => <Link to={`/meetings/${meeting.id}`}>{title}</Link> },
          { title: t('mtg.scheduledOn'), dataIndex: 'scheduledOn', width: 130 },
          { title: t('mtg.heldOn'), dataIndex: 'heldOn', width: 130, render: (value: string | null) => value ?? '—' },
          { title: t('mtg.state'), dataIndex: 'state', width: 100, render: (state: string) => <MeetingStateTag state={state} /> },
        ]}
      />
    </Card>
  );
}
