import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, ApiError, newIdempotencyKey } from '../api';
import { Deadline } from '../components/Deadline';
import { stateName, useLocale } from '../i18n';
import { audiencesOf, useSession } from '../session';
import type { Colour } from '../types';
import { unitName, useUnits } from '../units';
import { MeetingStateTag } from './Meetings';

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
  decisions?: { text: string; leadUnitId: string; coUnitIds?: string[] }[];
}

// 联席会议: the agenda the workflow compiled (open difficulties, overdue items), the bulletin of
// earlier agreed items, and for the commission the minutes form whose agreed items become
// supervised items of the units chosen.
export default function MeetingPage() {
  const { meetingId = '' } = useParams();
  const { session } = useSession();
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const units = useUnits();
  const [meeting, setMeeting] = useState<Meeting>();
  const [error, setError] = useState<string>();
  const [key] = useState(newIdempotencyKey);
  const commission = session ? audiencesOf(session.principal).has('commission') : false;
  // Agreed items go to departments, parks and towns (and the commission itself), by name.
  const unitOptions = useMemo(() => [...units.values()].filter((unit) => unit.kind !== 'external').map((unit) => ({ value: unit.id, label: unit.name })), [units]);
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
      <Card title={meeting.title} extra={<MeetingStateTag state={meeting.state} />}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('mtg.scheduledOn')}>{meeting.scheduledOn}</Descriptions.Item>
          <Descriptions.Item label={t('mtg.heldOn')}>{meeting.heldOn ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('mtg.agendaDifficulties', { n: meeting.agenda.difficulties.length })} size="small">
        <Table
          rowKey="itemId"
          size="small"
          pagination={false}
          scroll={{ x: 760 }}
          dataSource={meeting.agenda.difficulties}
          columns={[
            { title: t('mtg.difficulty'), dataIndex: 'title', render: (title: string, row) => itemLink(row.itemId, title) },
            { title: t('mtg.enterprise'), dataIndex: 'enterprise', width: 200 },
            { title: t('mtg.leadUnit'), dataIndex: 'leadUnit', width: 160 },
            { title: t('mtg.deadline'), key: 'due', width: 300, render: (_, row) => <Deadline dueOn={row.dueOn} colour={row.colour} /> },
          ]}
        />
      </Card>
      <Card title={t('mtg.agendaOverdue', { n: meeting.agenda.overdueItems.length })} size="small">
        <Table
          rowKey="itemId"
          size="small"
          pagination={false}
          scroll={{ x: 560 }}
          dataSource={meeting.agenda.overdueItems}
          columns={[
            { title: t('mtg.item'), dataIndex: 'title', render: (title: string, row) => itemLink(row.itemId, title) },
            { title: t('mtg.leadUnit'), dataIndex: 'leadUnit', width: 160 },
            { title: t('mtg.deadline'), key: 'due', width: 300, render: (_, row) => <Deadline dueOn={row.dueOn} colour="red" /> },
          ]}
        />
      </Card>
      <Card title={t('mtg.bulletin')} size="small">
        <Table
          rowKey={(row) => `${row.meetingTitle}-${row.seq}`}
          size="small"
          pagination={false}
          scroll={{ x: 600 }}
          dataSource={meeting.bulletin}
          columns={[
            { title: t('mtg.meeting'), dataIndex: 'meetingTitle', width: 220 },
            { title: t('mtg.decision'), dataIndex: 'text', render: (text: string, row) => itemLink(row.itemId, text) },
            { title: t('mtg.leadUnit'), dataIndex: 'leadUnit', width: 160 },
            { title: t('mtg.state'), dataIndex: 'state', width: 100, render: (state: string | null) => (state ? stateName(locale, state) : '—') },
          ]}
        />
      </Card>
      <Card title={t('mtg.minutesAndDecisions')} size="small">
        {meeting.minutes && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{meeting.minutes}</Typography.Paragraph>}
        {meeting.decisions.length > 0 && (
          <Table
            rowKey="seq"
            size="small"
            pagination={false}
            scroll={{ x: 640 }}
            dataSource={meeting.decisions}
            columns={[
              { title: t('mtg.seq'), dataIndex: 'seq', width: 60 },
              { title: t('mtg.decision'), dataIndex: 'text', render: (text: string, row) => itemLink(row.itemId, text) },
              { title: t('mtg.leadUnit'), dataIndex: 'leadUnitId', width: 160, render: (unitId: string) => unitName(units, unitId) },
              { title: t('mtg.progress'), key: 'item', width: 300, render: (_, row) => (row.item ? <Deadline dueOn={row.item.dueOn} colour={row.item.colour} /> : '—') },
            ]}
          />
        )}
        {commission && meeting.state === 'preparing' && (
          <Form
            layout="vertical"
            name="minutes"
            onFinish={async (values: MinutesForm) => {
              try {
                const decisions = (values.decisions ?? []).map((d) => ({ text: d.text, leadUnitId: d.leadUnitId, coUnitIds: (d.coUnitIds ?? []).filter((unitId) => unitId !== d.leadUnitId) }));
                await api(`/meetings/${meeting.id}/minutes`, { method: 'POST', body: { heldOn: values.heldOn.format('YYYY-MM-DD'), minutes: values.minutes, decisions }, headers: { 'Idempotency-Key': key } });
                void message.success(t('mtg.recorded'));
                void load();
              } catch (e) {
                setError(e instanceof ApiError ? [e.message, ...e.fields.map((f) => `${f.path}：${f.message}`)].join('；') : String(e));
              }
            }}
          >
            {error && <Alert type="error" title={error} showIcon role="alert" />}
            <Form.Item label={t('mtg.heldOn')} name="heldOn" rules={[{ required: true, message: t('mtg.dateRequired') }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item label={t('mtg.minutes')} name="minutes" rules={[{ required: true, message: t('mtg.minutesRequired') }]}>
              <Input.TextArea rows={5} />
            </Form.Item>
            <Form.List name="decisions">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field, index) => (
                    <Space key={field.key} align="baseline" wrap>
                      <Form.Item label={`${t('mtg.decision')} ${index + 1}`} name={[field.name, 'text']} rules={[{ required: true, message: t('mtg.decisionRequired') }]}>
                        <Input style={{ width: 320, maxWidth: '100%' }} />
                      </Form.Item>
                      <Form.Item label={`${t('mtg.leadUnit')} ${index + 1}`} name={[field.name, 'leadUnitId']} rules={[{ required: true, message: t('mtg.leadRequired') }]}>
                        <Select showSearch optionFilterProp="label" options={unitOptions} style={{ width: 200 }} />
                      </Form.Item>
                      <Form.Item label={`${t('mtg.coUnits')} ${index + 1}`} name={[field.name, 'coUnitIds']}>
                        <Select mode="multiple" showSearch optionFilterProp="label" options={unitOptions} style={{ width: 280 }} />
                      </Form.Item>
                      <Button onClick={() => remove(field.name)}>{t('mtg.remove')}</Button>
                    </Space>
                  ))}
                  <Button onClick={() => add()} style={{ marginBottom: 16 }}>
                    {t('mtg.addDecision')}
                  </Button>
                </>
              )}
            </Form.List>
            <div>
              <Button type="primary" htmlType="submit">
                {t('mtg.record')}
              </Button>
            </div>
          </Form>
        )}
      </Card>
    </Space>
  );
}
