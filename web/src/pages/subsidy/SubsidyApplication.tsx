import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Radio, Row, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, newIdempotencyKey } from '../../api';
import { useKeyedSubmit } from '../../keyed-submit';
import { Deadline } from '../../components/Deadline';
import { formatDateTime } from '../../dates';
import { stateName, useLocale } from '../../i18n';
import { audiencesOf, useSession } from '../../session';
import type { Colour, ItemState } from '../../types';
import { unitName, useUnits } from '../../units';
import { useActorText, type ActorView } from '../../actors';
import { errorText, useKeyedText } from './text';

interface Suspension {
  reason: string;
  legalBasis: string;
  from: string;
  to: string | null;
  open: boolean;
  excludedDays: number;
}

interface Step {
  step: string | null;
  itemId: string;
  type: string;
  leadUnitId: string;
  itemState: ItemState;
  dueOn: string | null;
  colour: Colour;
  clock: { budget: number; used: number; running: boolean; suspendedDays: number; suspensions: Suspension[] };
  result: string | null;
}

interface Objection {
  id: string;
  itemId: string;
  text: string;
  leadUnitId: string;
  open: boolean;
  upheld?: boolean;
  conclusion?: string;
}

export interface SubsidyApplicationDetail {
  id: string;
  roundId: string;
  roundTitle: string;
  enterpriseId: string;
  state: string;
  stateLabel: string;
  requestedAmount: number;
  approvedAmount: number | null;
  paidAmount: number | null;
  materials: { code: string; description: string }[];
  currentItemId: string | null;
  notice: { missing: string[]; noticeAt: string; dueOn: string; suppliedAt?: string; note?: string } | null;
  publicity: { from: string; endsOn: string } | null;
  objections: Objection[];
  outcomeReason: string | null;
  origin: { kind: string; id: string } | null;
  submittedAt: string;
  steps: Step[];
  timeline: { seq: number; action: string; step: string | null; fromState: string | null; toState: string | null; actorId: string; actor: ActorView | null; reason: string | null; detail: unknown; at: string }[];
}

const finishedItem = (state: ItemState) => state === 'completed' || state === 'closed' || state === 'halted';

/** The steps a unit concludes with POST …/decision (the state is the step's key). */
const decidableSteps = new Set(['town_review', 'formal_review', 'verification', 'joint_review', 'approval', 'disbursement', 'acceptance']);

interface DecisionForm {
  outcome: 'pass' | 'reject' | 'incomplete';
  reason?: string;
  missing?: string;
  amount?: number;
  publicityFrom?: Dayjs;
}

function DecisionCard({ application, onDone }: { application: SubsidyApplicationDetail; onDone(next: SubsidyApplicationDetail): void }) {
  const { t } = useLocale();
  const text = useKeyedText();
  const [form] = Form.useForm<DecisionForm>();
  const outcome = Form.useWatch('outcome', form);
  // One key per step: a retried click concludes the step once.
  const { submit: send, error, busy } = useKeyedSubmit();
  const step = application.state;
  const submit = (values: DecisionForm) => {
    const missing = (values.missing ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const body = {
      step,
      outcome: values.outcome,
      ...(values.reason ? { reason: values.reason } : {}),
      ...(values.outcome === 'incomplete' ? { missing } : {}),
      ...(values.amount !== undefined && values.amount !== null ? { amount: values.amount } : {}),
      ...(values.publicityFrom ? { publicityFrom: values.publicityFrom.format('YYYY-MM-DD') } : {}),
    };
    return send(
      (idempotencyKey) => api<SubsidyApplicationDetail>(`/subsidy-applications/${application.id}/decision`, { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } }),
      t('subsidy.decided'),
      (next) => {
        form.resetFields();
        onDone(next);
      },
    );
  };
  const outcomes = ['pass', 'reject', ...(step === 'formal_review' ? ['incomplete'] : [])];
  const needsAmount = step === 'approval' || step === 'disbursement';
  return (
    <Card size="small" title={`${t('subsidy.decide')} · ${text('subsidy.state', step, application.stateLabel)}`}>
      {error && <Alert type="error" title={error} showIcon role="alert" style={{ marginBottom: 12 }} />}
      <Form<DecisionForm> form={form} layout="vertical" name="subsidy-decision" onFinish={submit} initialValues={{ outcome: 'pass', amount: step === 'disbursement' ? (application.approvedAmount ?? undefined) : undefined }}>
        <Form.Item label={t('subsidy.outcome')} name="outcome" rules={[{ required: true }]}>
          <Radio.Group options={outcomes.map((value) => ({ value, label: t(`subsidy.outcome.${value as 'pass'}`) }))} />
        </Form.Item>
        {outcome === 'incomplete' && (
          <Form.Item label={t('subsidy.missing')} name="missing" rules={[{ required: true }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {needsAmount && outcome === 'pass' && (
          <Form.Item label={t('subsidy.amount')} name="amount" rules={[{ required: true }]}>
            <InputNumber min={0.01} step={1} />
          </Form.Item>
        )}
        {step === 'approval' && outcome === 'pass' && (
          <Form.Item label={t('subsidy.publicityFrom')} name="publicityFrom" rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        )}
        <Form.Item label={t('proc.reason')} name="reason" rules={outcome === 'reject' ? [{ required: true }] : []}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('proc.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function ObjectionForm({ application, onDone }: { application: SubsidyApplicationDetail; onDone(next: SubsidyApplicationDetail): void }) {
  const { t } = useLocale();
  const [form] = Form.useForm<{ text: string; leadUnitId?: string }>();
  const units = useUnits();
  const { submit, error } = useKeyedSubmit();
  return (
    <Form
      form={form}
      layout="vertical"
      name="subsidy-objection"
      onFinish={(values) =>
        submit(
          (idempotencyKey) =>
            api<SubsidyApplicationDetail>(`/subsidy-applications/${application.id}/objections`, {
              method: 'POST',
              body: { text: values.text, ...(values.leadUnitId?.trim() ? { leadUnitId: values.leadUnitId.trim() } : {}) },
              headers: { 'Idempotency-Key': idempotencyKey },
            }),
          t('subsidy.objection.added'),
          (next) => {
            form.resetFields();
            onDone(next);
          },
        )
      }
    >
      {error && <Alert type="error" title={error} showIcon role="alert" style={{ marginBottom: 12 }} />}
      <Form.Item label={t('subsidy.objection.text')} name="text" rules={[{ required: true, min: 4 }]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item label={t('subsidy.objection.lead')} name="leadUnitId">
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: 260 }} options={[...units.values()].filter((unit) => unit.kind !== 'external').map((unit) => ({ value: unit.id, label: unit.name }))} />
      </Form.Item>
      <Button htmlType="submit">{t('subsidy.objection.add')}</Button>
    </Form>
  );
}

function ResolutionForm({ application, objection, onDone }: { application: SubsidyApplicationDetail; objection: Objection; onDone(next: SubsidyApplicationDetail): void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [error, setError] = useState<string>();
  const [key] = useState(newIdempotencyKey);
  return (
    <Form
      layout="vertical"
      name={`resolution-${objection.id}`}
      onFinish={async (values: { upheld: boolean; conclusion: string }) => {
        setError(undefined);
        try {
          const next = await api<SubsidyApplicationDetail>(`/subsidy-applications/${application.id}/objections/${objection.id}/resolution`, { method: 'POST', body: values, headers: { 'Idempotency-Key': key } });
          void message.success(t('subsidy.objection.resolved'));
          onDone(next);
        } catch (e) {
          setError(errorText(e));
        }
      }}
    >
      {error && <Alert type="error" title={error} showIcon role="alert" style={{ marginBottom: 12 }} />}
      <Form.Item label={t('subsidy.objection.upheldQ')} name="upheld" rules={[{ required: true }]}>
        <Radio.Group
          options={[
            { value: false, label: t('subsidy.objection.no') },
            { value: true, label: t('subsidy.objection.yes') },
          ]}
        />
      </Form.Item>
      <Form.Item label={t('subsidy.objection.conclusion')} name="conclusion" rules={[{ required: true, min: 2 }]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Button htmlType="submit">{t('subsidy.objection.resolve')}</Button>
    </Form>
  );
}

/** 补助申请: the case around the supervised items of its steps. */
export default function SubsidyApplication() {
  const { applicationId = '' } = useParams();
  const { t, locale } = useLocale();
  const text = useKeyedText();
  const actorText = useActorText();
  const units = useUnits();
  const { session } = useSession();
  const [application, setApplication] = useState<SubsidyApplicationDetail>();
  const [enterpriseName, setEnterpriseName] = useState<string>();
  const [error, setError] = useState<string>();

  const load = useCallback(async () => {
    try {
      const detail = await api<SubsidyApplicationDetail>(`/subsidy-applications/${applicationId}`);
      setApplication(detail);
      api<{ name: string }>(`/enterprises/${detail.enterpriseId}`)
        .then((enterprise) => setEnterpriseName(enterprise.name))
        .catch(() => undefined);
    } catch (e) {
      setError(errorText(e));
    }
  }, [applicationId]);
  useEffect(() => {
    void load();
  }, [load]);

  const viewer = useMemo(() => {
    const audiences = session ? audiencesOf(session.principal) : new Set();
    const units = new Set((session?.principal.memberships ?? []).filter((m) => m.roles.some((role) => role !== 'district_leader')).map((m) => m.unitId));
    return { commission: audiences.has('commission'), units };
  }, [session]);

  // The next step's item is recorded just after a decision (and 公示 ends on a timer): look again shortly.
  const awaitingItem = !!application && decidableSteps.has(application.state) && !application.steps.some((step) => step.itemId === application.currentItemId);
  useEffect(() => {
    if (!awaitingItem) return;
    const timer = setTimeout(() => void load(), 1000);
    return () => clearTimeout(timer);
  }, [awaitingItem, application, load]);

  if (error && !application) return <Alert type="error" title={error} showIcon role="alert" />;
  if (!application) return <Card loading />;

  const currentStep = application.steps.find((step) => step.itemId === application.currentItemId);
  const canDecide = decidableSteps.has(application.state) && !!currentStep && viewer.units.has(currentStep.leadUnitId);
  const showObjections = application.objections.length > 0 || application.state === 'publicity';
  const hasSide = canDecide || showObjections || (!!currentStep && decidableSteps.has(application.state));
  const label = (step: string | null) => (step === 'objection' ? t('subsidy.step.objection') : text('subsidy.state', step));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={2} style={{ fontSize: '1.2rem', margin: 0 }}>
            {t('subsidy.application')} · {enterpriseName ?? application.enterpriseId}
          </Typography.Title>
        }
        extra={<Tag color="blue" data-testid="subsidy-state">{text('subsidy.state', application.state, application.stateLabel)}</Tag>}
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('subsidy.round')}>
            <Link to={`/subsidy-applications?round=${application.roundId}`}>{application.roundTitle}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('subsidy.submittedAt')}>{formatDateTime(application.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('subsidy.requested')}>{application.requestedAmount}</Descriptions.Item>
          <Descriptions.Item label={t('subsidy.approved')}>{application.approvedAmount ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('subsidy.paid')}>{application.paidAmount ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('subsidy.materials')}>{application.materials.map((m) => m.description).join('；')}</Descriptions.Item>
          {application.publicity && <Descriptions.Item label={t('subsidy.publicity')}>{t('subsidy.publicityRange', { from: application.publicity.from, to: application.publicity.endsOn })}</Descriptions.Item>}
          {application.outcomeReason && <Descriptions.Item label={t('subsidy.outcomeReason')}>{application.outcomeReason}</Descriptions.Item>}
          {application.origin && <Descriptions.Item label={t('subsidy.origin')}>{`${application.origin.kind}：${application.origin.id}`}</Descriptions.Item>}
        </Descriptions>
      </Card>
      {application.notice && (
        <Alert
          type={application.notice.suppliedAt ? 'info' : 'warning'}
          showIcon
          title={t('subsidy.notice')}
          description={
            <div data-testid="subsidy-notice">
              <ol style={{ margin: '4px 0', paddingLeft: 20 }}>
                {application.notice.missing.map((entry) => (
                  <li key={entry}>{entry}</li>
                ))}
              </ol>
              <div>
                {t('subsidy.noticeDue')}：{application.notice.dueOn}
                {application.notice.suppliedAt && `；${t('subsidy.suppliedAt')}：${formatDateTime(application.notice.suppliedAt)}${application.notice.note ? `（${application.notice.note}）` : ''}`}
              </div>
            </div>
          }
        />
      )}
      <Card title={t('subsidy.clock')} size="small">
        <Table<Step>
          rowKey="itemId"
          size="small"
          pagination={false}
          dataSource={application.steps}
          expandable={{
            expandedRowKeys: application.steps.filter((row) => row.clock.suspensions.length > 0).map((row) => row.itemId),
            showExpandColumn: false,
            expandedRowRender: (row) => (
              <ul style={{ margin: 0, paddingLeft: 16 }}>
                {row.clock.suspensions.map((s) => (
                  <li key={s.from}>{t('subsidy.suspension', { from: formatDateTime(s.from), to: s.to ? formatDateTime(s.to) : t('subsidy.suspensionOpen'), reason: s.reason, basis: s.legalBasis, n: s.excludedDays })}</li>
                ))}
              </ul>
            ),
          }}
          columns={[
            { title: t('proc.step'), dataIndex: 'step', width: 130, render: (step: string | null, row) => <Link to={`/items/${row.itemId}`}>{label(step)}</Link> },
            { title: t('proc.unit'), dataIndex: 'leadUnitId', width: 160, render: (unit: string) => unitName(units, unit) },
            { title: t('proc.itemState'), dataIndex: 'itemState', width: 100, render: (state: ItemState) => stateName(locale, state) },
            { title: t('subsidy.budget'), key: 'budget', width: 120, render: (_, row) => t('subsidy.workingDays', { n: row.clock.budget }) },
            { title: t('subsidy.used'), key: 'used', width: 120, render: (_, row) => t('subsidy.workingDays', { n: row.clock.used }) },
            {
              title: t('proc.state'),
              key: 'running',
              width: 100,
              render: (_, row) =>
                finishedItem(row.itemState) ? (
                  <Tag>{t('subsidy.finished')}</Tag>
                ) : row.clock.running ? (
                  <Tag color="processing">{t('subsidy.running')}</Tag>
                ) : (
                  <Tag color="warning" data-testid="clock-stopped">
                    {t('subsidy.suspended')}
                  </Tag>
                ),
            },
            // A finished step's deadline is history: its date, without the countdown.
            { title: t('deadline'), key: 'deadline', width: 280, render: (_, row) => (finishedItem(row.itemState) ? (row.dueOn ?? '—') : <Deadline dueOn={row.dueOn} colour={row.colour} />) },
            // The suspensions' full text (reason, legal basis) goes in the row's expansion: a narrow column would break it into a word per line.
            { title: t('subsidy.suspensions'), key: 'suspensions', width: 170, render: (_, row) => (row.clock.suspensions.length === 0 ? '—' : t('subsidy.suspendedSummary', { n: row.clock.suspensions.length, days: row.clock.suspendedDays })) },
          ]}
        />
      </Card>
      <Row gutter={16}>
        {hasSide && (
          <Col xs={24} lg={12}>
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              {canDecide && <DecisionCard key={application.state} application={application} onDone={(next) => setApplication(next)} />}
              {!canDecide && currentStep && decidableSteps.has(application.state) && <Alert type="info" showIcon title={t('subsidy.decide.notYours', { unit: unitName(units, currentStep.leadUnitId) })} />}
              {showObjections && (
                <Card size="small" title={t('subsidy.objections')}>
                  {application.objections.map((objection) => (
                    <Card key={objection.id} size="small" type="inner" style={{ marginBottom: 12 }} title={objection.text}>
                      <Space direction="vertical" style={{ width: '100%' }}>
                        <div>
                          <Tag color={objection.open ? 'processing' : objection.upheld ? 'error' : 'success'}>
                            {objection.open ? t('subsidy.objection.open') : objection.upheld ? t('subsidy.objection.upheld') : t('subsidy.objection.dismissed')}
                          </Tag>
                          {t('proc.unit')}：{unitName(units, objection.leadUnitId)} · <Link to={`/items/${objection.itemId}`}>{t('proc.viewItem')}</Link>
                        </div>
                        {objection.conclusion && <div>{objection.conclusion}</div>}
                        {objection.open && application.state === 'publicity' && viewer.units.has(objection.leadUnitId) && <ResolutionForm application={application} objection={objection} onDone={setApplication} />}
                      </Space>
                    </Card>
                  ))}
                  {viewer.commission && application.state === 'publicity' && <ObjectionForm application={application} onDone={setApplication} />}
                </Card>
              )}
            </Space>
          </Col>
        )}
        <Col xs={24} lg={hasSide ? 12 : 24}>
          <Card title={t('proc.timeline')} size="small">
            <Timeline
              items={application.timeline.map((event) => ({
                color: event.action === 'request_supplement' ? 'orange' : event.action === 'reject' || event.action === 'lapse' ? 'red' : 'blue',
                content: (
                  <div>
                    <strong>{text('subsidy.event', event.action)}</strong> {event.step && <span>· {label(event.step)}</span>} <span style={{ color: '#595959' }}>{formatDateTime(event.at)}</span>
                    {event.toState && event.fromState !== event.toState && <span> → {text('subsidy.state', event.toState)}</span>}
                    <div style={{ color: '#595959' }}>
                      {t('proc.actor')}：{actorText(event.actor, event.actorId)}
                    </div>
                    {event.reason && <div>{event.reason}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
