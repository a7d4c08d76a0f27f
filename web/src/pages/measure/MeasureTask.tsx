import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../api';
import { useKeyedSubmit } from '../../keyed-submit';
import { Deadline } from '../../components/Deadline';
import { formatDateTime } from '../../dates';
import { stateName, useLocale } from '../../i18n';
import { audiencesOf, useSession } from '../../session';
import type { Colour, ItemState } from '../../types';
import { unitName, useUnits } from '../../units';
import { useActorText, type ActorView } from '../../actors';
import { errorText, useKeyedText } from '../subsidy/text';
import { SubTargetBar, useCadenceText, type MeasureCadence, type SubTargetProgress } from './MeasureTasks';

interface Report {
  period: string;
  periodFrom: string;
  periodTo: string;
  itemId: string;
  item: { state: ItemState; signDueOn: string; dueOn: string | null; colour: Colour; escalation: string | null; reportedAt: string | null; completedAt: string | null; result: string | null } | null;
}

interface Achievement {
  id: string;
  subTarget: string;
  count: number;
  achievedOn: string;
  unitId: string;
  enterpriseId: string | null;
  evidence: string;
  reference: string | null;
  recordedBy: string;
  recorder: ActorView | null;
}

interface TaskDetail {
  id: string;
  measureId: string;
  title: string;
  text: string;
  leadUnitId: string;
  coUnitIds: string[];
  cadence: MeasureCadence;
  startsOn: string;
  endsOn: string | null;
  reports: Report[];
  subTargets: SubTargetProgress[];
  achievements: Achievement[];
}

interface AchievementForm {
  subTarget: string;
  count: number;
  achievedOn: Dayjs;
  evidence: string;
  reference?: string;
  enterpriseId?: string;
}

function AchievementEntry({ task, onDone }: { task: TaskDetail; onDone(): void }) {
  const { t } = useLocale();
  const [form] = Form.useForm<AchievementForm>();
  const { submit, error } = useKeyedSubmit();
  return (
    <Form<AchievementForm>
      form={form}
      layout="vertical"
      name="measure-achievement"
      initialValues={{ count: 1, subTarget: task.subTargets[0]?.name }}
      onFinish={(values) =>
        submit(
          (idempotencyKey) =>
            api(`/measure-tasks/${task.id}/achievements`, {
              method: 'POST',
              headers: { 'Idempotency-Key': idempotencyKey },
              body: {
                subTarget: values.subTarget,
                count: values.count,
                achievedOn: values.achievedOn.format('YYYY-MM-DD'),
                evidence: values.evidence,
                ...(values.reference ? { reference: values.reference } : {}),
                ...(values.enterpriseId?.trim() ? { enterpriseId: values.enterpriseId.trim() } : {}),
              },
            }),
          t('measure.recorded'),
          () => {
            form.resetFields();
            onDone();
          },
        )
      }
    >
      {error && <Alert type="error" title={error} showIcon role="alert" style={{ marginBottom: 12 }} />}
      <Space wrap align="start">
        <Form.Item label={t('measure.subTarget')} name="subTarget" rules={[{ required: true }]}>
          <Select style={{ width: 200 }} options={task.subTargets.map((s) => ({ value: s.name, label: s.name }))} />
        </Form.Item>
        <Form.Item label={t('measure.count')} name="count" rules={[{ required: true }]}>
          <InputNumber min={1} max={1000} />
        </Form.Item>
        <Form.Item label={t('measure.achievedOn')} name="achievedOn" rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item label={t('proc.enterprise')} name="enterpriseId">
          <Input style={{ width: 140 }} />
        </Form.Item>
      </Space>
      <Form.Item label={t('measure.evidence')} name="evidence" rules={[{ required: true, min: 2 }]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item label={t('measure.reference')} name="reference">
        <Input maxLength={200} />
      </Form.Item>
      <Button htmlType="submit">{t('measure.record')}</Button>
    </Form>
  );
}

function CadenceForm({ task, onDone }: { task: TaskDetail; onDone(): void }) {
  const { t } = useLocale();
  const { submit, error } = useKeyedSubmit();
  return (
    <Form
      layout="vertical"
      name="measure-cadence"
      initialValues={task.cadence}
      onFinish={(values: MeasureCadence & { reason: string }) =>
        submit(
          (idempotencyKey) => api<{ nextPeriod: string }>(`/measure-tasks/${task.id}/cadence`, { method: 'PUT', body: values, headers: { 'Idempotency-Key': idempotencyKey } }),
          (result) => t('measure.cadenceChanged', { period: result.nextPeriod }),
          () => onDone(),
        )
      }
    >
      {error && <Alert type="error" title={error} showIcon role="alert" style={{ marginBottom: 12 }} />}
      <Form.Item label={t('measure.periodKind')} name="period" rules={[{ required: true }]}>
        <Radio.Group
          options={[
            { value: 'month', label: t('measure.periodKind.month') },
            { value: 'quarter', label: t('measure.periodKind.quarter') },
          ]}
        />
      </Form.Item>
      <Form.Item label={t('measure.dueWorkingDay')} name="dueWorkingDay" rules={[{ required: true }]}>
        <InputNumber min={2} max={20} />
      </Form.Item>
      <Form.Item label={t('proc.reason')} name="reason" rules={[{ required: true, min: 2 }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Button htmlType="submit">{t('measure.changeCadence')}</Button>
    </Form>
  );
}

/** 一项重点任务: each period's report item, the sub-targets, the achievements and the cadence. */
export default function MeasureTask() {
  const { taskId = '' } = useParams();
  const { t, locale } = useLocale();
  const cadenceText = useCadenceText();
  const text = useKeyedText();
  const units = useUnits();
  const actorText = useActorText();
  const { session } = useSession();
  const [task, setTask] = useState<TaskDetail>();
  const [error, setError] = useState<string>();
  const load = useCallback(
    () =>
      api<TaskDetail>(`/measure-tasks/${taskId}`)
        .then(setTask)
        .catch((e: unknown) => setError(errorText(e))),
    [taskId],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const viewer = useMemo(() => {
    const audiences = session ? audiencesOf(session.principal) : new Set();
    const unitStaffOf = new Set((session?.principal.memberships ?? []).filter((m) => m.roles.some((role) => role === 'liaison' || role === 'unit_leader')).map((m) => m.unitId));
    return { commission: audiences.has('commission'), unitStaffOf };
  }, [session]);
  if (error && !task) return <Alert type="error" title={error} showIcon role="alert" />;
  if (!task) return <Card loading />;
  const mayRecord = viewer.commission || [task.leadUnitId, ...task.coUnitIds].some((unit) => viewer.unitStaffOf.has(unit));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={2} style={{ fontSize: '1.2rem', margin: 0 }}>
            {task.title}
          </Typography.Title>
        }
      >
        <Typography.Paragraph>{task.text}</Typography.Paragraph>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('measure.lead')}>{unitName(units, task.leadUnitId)}</Descriptions.Item>
          <Descriptions.Item label={t('measure.co')}>{task.coUnitIds.map((unit) => unitName(units, unit)).join(t('measure.listSeparator')) || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('measure.cadence')}>{cadenceText(task.cadence)}</Descriptions.Item>
          <Descriptions.Item label={t('measure.startsOn')}>{task.startsOn}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('measure.reports')} size="small">
        <Table<Report>
          rowKey="period"
          size="small"
          pagination={false}
          dataSource={[...task.reports].reverse()}
          columns={[
            { title: t('measure.period'), dataIndex: 'period', width: 120, render: (period: string, row) => <Link to={`/items/${row.itemId}`}>{period}</Link> },
            { title: t('proc.itemState'), key: 'state', width: 100, render: (_, row) => (row.item ? stateName(locale, row.item.state) : '—') },
            { title: t('deadline'), key: 'deadline', width: 300, render: (_, row) => (row.item ? <Deadline dueOn={row.item.dueOn} colour={row.item.colour} /> : '—') },
            { title: t('measure.escalation'), key: 'escalation', width: 120, render: (_, row) => (row.item?.escalation ? <Tag color="error">{text('escalation', row.item.escalation)}</Tag> : '—') },
            { title: t('proc.comment'), key: 'result', render: (_, row) => row.item?.result ?? (row.item?.reportedAt ? formatDateTime(row.item.reportedAt) : '—') },
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t('measure.progress')} size="small">
            {task.subTargets.length === 0 ? (
              t('proc.none')
            ) : (
              <Space direction="vertical">
                {task.subTargets.map((entry) => (
                  <SubTargetBar key={entry.name} progress={entry} />
                ))}
              </Space>
            )}
          </Card>
          {viewer.commission && (
            <Card title={t('measure.changeCadence')} size="small" style={{ marginTop: 16 }}>
              <CadenceForm task={task} onDone={() => void load()} />
            </Card>
          )}
        </Col>
        {mayRecord && task.subTargets.length > 0 && (
          <Col xs={24} lg={12}>
            <Card title={t('measure.record')} size="small">
              <AchievementEntry task={task} onDone={() => void load()} />
            </Card>
          </Col>
        )}
      </Row>
      {/* Full width: the evidence column needs the room. */}
      <Card title={t('measure.achievements')} size="small">
        <Table<Achievement>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={task.achievements}
          columns={[
            { title: t('measure.subTarget'), dataIndex: 'subTarget', width: 140 },
            { title: t('measure.count'), dataIndex: 'count', width: 70 },
            { title: t('measure.achievedOn'), dataIndex: 'achievedOn', width: 110 },
            { title: t('proc.unit'), dataIndex: 'unitId', width: 130, render: (unit: string) => unitName(units, unit) },
            { title: t('measure.evidence'), dataIndex: 'evidence', render: (value: string, row) => (row.reference ? `${value}（${row.reference}）` : value) },
            { title: t('proc.actor'), key: 'recorder', width: 150, render: (_, row) => actorText(row.recorder, row.recordedBy) },
          ]}
        />
      </Card>
    </Space>
  );
}
