import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, ApiError, newIdempotencyKey } from '../api';
import { Deadline } from '../components/Deadline';
import { stateName, useLocale } from '../i18n';
import { audiencesOf, useSession } from '../session';
import type { Colour } from '../types';
import { meetingStateLabels } from './Meetings';

interface Meeting {
  id: string;
  title: string;
  state: string;
  scheduledOn: string;
  heldOn: string | null;
  agenda: {
    difficulties: { difficultyId: string; title: string; enterprise: string; itemId: string; leadUnit: string; dueOn: string | null; colour: Colour; state: string }[];
    overdueItems: { itemId: string; title: string; leadUnit: string; dueOn: string; escalation: string | null }[];
  };
  bulletin: { meetingTitle: string; seq: number; text: string; itemId: string | null; leadUnit: string; state: string | null; dueOn: string | null; colour: Colour | null }[];
  minutes: string | null;
  decisions: { seq: number; text: string; leadUnitId: string; coUnitIds: string[]; itemId: string | null; item: { state: string; dueOn: string | null; colour: Colour } | null }[];
}

interface MinutesForm {
  heldOn: Dayjs;
  minutes: string;
  decisions?: { text: string; leadUnitId: string; coUnitIds?: string }[];
}

export default function MeetingPage() {
  const { meetingId = '' } = useParams();
  const { session } = useSession();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const [meeting, setMeeting] = useState<Meeting>();
  const [error, setError] = useState<string>();
  const [key] = useState(newIdempotencyKey);
  const commission = session ? audiencesOf(session.principal).has('commission') : false;
  const load = useCallback(
    () =>
      api<Meeting>(`/meetings/${meetingId}`)
        .then(setMeeting)
        .catch((e: Error) => setError(e.message)),
    [meetingId],
  );
  useEffect(() => {
    void load();
  }, [load]);
  if (error && !meeting) return <Alert type="error" title={error} showIcon role="alert" />;
  if (!meeting) return <Card loading />;
  const itemLink = (itemId: string | null, title: string) => (itemId ? <Link to={`/items/${itemId}`}>{title}</Link> : title);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={meeting.title} extra={<Tag color={meetingStateLabels[meeting.state]?.color}>{meetingStateLabels[meeting.state]?.label}</Tag>}>
        <Descriptions size="small" column={2}>
          <Descriptions.Item label="计划日期">{meeting.scheduledOn}</Descriptions.Item>
          <Descriptions.Item label="召开日期">{meeting.heldOn ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={`议题：企业诉求（${meeting.agenda.difficulties.length}）`} size="small">
        <Table
          rowKey="itemId"
          size="small"
          pagination={false}
          dataSource={meeting.agenda.difficulties}
          columns={[
            { title: '诉求', dataIndex: 'title', render: (title: string, row) => itemLink(row.itemId, title) },
            { title: '企业', dataIndex: 'enterprise', width: 200 },
            { title: '牵头单位', dataIndex: 'leadUnit', width: 160 },
            { title: '期限', key: 'due', width: 300, render: (_, row) => <Deadline dueOn={row.dueOn} colour={row.colour} /> },
          ]}
        />
      </Card>
      <Card title={`议题：超期事项（${meeting.agenda.overdueItems.length}）`} size="small">
        <Table
          rowKey="itemId"
          size="small"
          pagination={false}
          dataSource={meeting.agenda.overdueItems}
          columns={[
            { title: '事项', dataIndex: 'title', render: (title: string, row) => itemLink(row.itemId, title) },
            { title: '牵头单位', dataIndex: 'leadUnit', width: 160 },
            { title: '期限', key: 'due', width: 300, render: (_, row) => <Deadline dueOn={row.dueOn} colour="red" /> },
          ]}
        />
      </Card>
      <Card title="通报：以往议定事项落实情况" size="small">
        <Table
          rowKey={(row) => `${row.meetingTitle}-${row.seq}`}
          size="small"
          pagination={false}
          dataSource={meeting.bulletin}
          columns={[
            { title: '会议', dataIndex: 'meetingTitle', width: 220 },
            { title: '议定事项', dataIndex: 'text', render: (text: string, row) => itemLink(row.itemId, text) },
            { title: '牵头单位', dataIndex: 'leadUnit', width: 160 },
            { title: '状态', dataIndex: 'state', width: 100, render: (state: string | null) => (state ? stateName(locale, state) : '—') },
          ]}
        />
      </Card>
      <Card title="会议纪要与议定事项" size="small">
        {meeting.minutes && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{meeting.minutes}</Typography.Paragraph>}
        {meeting.decisions.length > 0 && (
          <Table
            rowKey="seq"
            size="small"
            pagination={false}
            dataSource={meeting.decisions}
            columns={[
              { title: '序号', dataIndex: 'seq', width: 60 },
              { title: '议定事项', dataIndex: 'text', render: (text: string, row) => itemLink(row.itemId, text) },
              { title: '牵头单位', dataIndex: 'leadUnitId', width: 120 },
              { title: '进度', key: 'item', width: 300, render: (_, row) => (row.item ? <Deadline dueOn={row.item.dueOn} colour={row.item.colour} /> : '—') },
            ]}
          />
        )}
        {commission && meeting.state === 'preparing' && (
          <Form
            layout="vertical"
            name="minutes"
            onFinish={async (values: MinutesForm) => {
              try {
                const decisions = (values.decisions ?? []).map((d) => ({ text: d.text, leadUnitId: d.leadUnitId.trim(), coUnitIds: (d.coUnitIds ?? '').split(/[,，\s]+/).filter(Boolean) }));
                await api(`/meetings/${meeting.id}/minutes`, { method: 'POST', body: { heldOn: values.heldOn.format('YYYY-MM-DD'), minutes: values.minutes, decisions }, headers: { 'Idempotency-Key': key } });
                void message.success('纪要已录入，议定事项已交办');
                void load();
              } catch (e) {
                setError(e instanceof ApiError ? [e.message, ...e.fields.map((f) => `${f.path}：${f.message}`)].join('；') : String(e));
              }
            }}
          >
            {error && <Alert type="error" title={error} showIcon role="alert" />}
            <Form.Item label="召开日期" name="heldOn" rules={[{ required: true, message: '请选择召开日期' }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item label="会议纪要" name="minutes" rules={[{ required: true, message: '请填写会议纪要' }]}>
              <Input.TextArea rows={5} />
            </Form.Item>
            <Form.List name="decisions">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Space key={field.key} align="baseline" wrap>
                      <Form.Item label="议定事项" name={[field.name, 'text']} rules={[{ required: true, message: '请填写议定事项' }]}>
                        <Input style={{ width: 320 }} />
                      </Form.Item>
                      <Form.Item label="牵头单位编号" name={[field.name, 'leadUnitId']} rules={[{ required: true, message: '请填写牵头单位' }]}>
                        <Input style={{ width: 140 }} />
                      </Form.Item>
                      <Form.Item label="配合单位编号（逗号分隔）" name={[field.name, 'coUnitIds']}>
                        <Input style={{ width: 200 }} />
                      </Form.Item>
                      <Button onClick={() => remove(field.name)}>删除</Button>
                    </Space>
                  ))}
                  <Button onClick={() => add()} style={{ marginBottom: 16 }}>
                    添加议定事项
                  </Button>
                </>
              )}
            </Form.List>
            <div>
              <Button type="primary" htmlType="submit">
                录入纪要并交办
              </Button>
            </div>
          </Form>
        )}
      </Card>
    </Space>
  );
}
