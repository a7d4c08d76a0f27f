import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Form, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, newIdempotencyKey } from '../api';
import { audiencesOf, useSession } from '../session';

interface MeetingSummary {
  id: string;
  title: string;
  state: 'preparing' | 'held' | 'lapsed';
  scheduledOn: string;
  heldOn: string | null;
}

export const meetingStateLabels: Record<string, { label: string; color: string }> = {
  preparing: { label: '筹备中', color: 'processing' },
  held: { label: '已召开', color: 'success' },
  lapsed: { label: '未召开', color: 'default' },
};

export default function Meetings() {
  const { session } = useSession();
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
    <Card title="联席会议">
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      {commission && (
        <Form
          layout="inline"
          name="convene"
          style={{ marginBottom: 16 }}
          onFinish={async (values: { scheduledOn: Dayjs }) => {
            try {
              await api('/meetings', { method: 'POST', body: { scheduledOn: values.scheduledOn.format('YYYY-MM-DD') }, headers: { 'Idempotency-Key': newIdempotencyKey() } });
              void message.success('已召集会议，议题与通报已汇编');
              void load();
            } catch (e) {
              setError((e as Error).message);
            }
          }}
        >
          <Form.Item label="召开日期" name="scheduledOn" rules={[{ required: true, message: '请选择召开日期' }]}>
            <DatePicker />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              召集会议
            </Button>
          </Space>
        </Form>
      )}
      <Table<MeetingSummary>
        rowKey="id"
        loading={!meetings && !error}
        dataSource={meetings ?? []}
        pagination={false}
        columns={[
          { title: '会议', dataIndex: 'title', render: (title: string, meeting) => <Link to={`/meetings/${meeting.id}`}>{title}</Link> },
          { title: '计划日期', dataIndex: 'scheduledOn', width: 130 },
          { title: '召开日期', dataIndex: 'heldOn', width: 130, render: (value: string | null) => value ?? '—' },
          { title: '状态', dataIndex: 'state', width: 100, render: (state: string) => <Tag color={meetingStateLabels[state]?.color}>{meetingStateLabels[state]?.label ?? state}</Tag> },
        ]}
      />
    </Card>
  );
}
