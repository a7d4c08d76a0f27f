import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Radio, Space, Steps, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, newIdempotencyKey } from '../../api';
import { Deadline } from '../../components/Deadline';
import { formatDateTime } from '../../dates';
import { useLocale } from '../../i18n';
import { audiencesOf, useSession } from '../../session';
import type { Colour, ItemState } from '../../types';
import { unitName, useUnits } from '../../units';
import { useActorText, type ActorView } from '../../actors';
import { errorText, useKeyedText } from '../subsidy/text';
import type { RecognitionBatchSummary } from './RecognitionBatches';

interface BatchDetail extends RecognitionBatchSummary {
  criteria: { version: string; source: string; effectiveFrom: string; rules: { key: string; label: string; metric: string; op: string; value?: number }[] };
  steps: { kind: string; label: string }[];
}

interface ApplicationSummary {
  id: string;
  enterpriseId: string;
  enterpriseName: string | null;
  state: 'in_review' | 'recognised' | 'rejected';
  stateLabel: string;
  currentStep: string | null;
  appliedAt: string;
}

interface ApplicationDetail extends ApplicationSummary {
  criteriaCheck: { allMet: boolean; results: { key: string; label: string; outcome: string; message?: string }[] };
  steps: {
    seq: number;
    kind: string;
    label: string;
    itemId: string | null;
    item: { state: ItemState; dueOn: string | null; colour: Colour; unitId: string } | null;
    decision: string | null;
    comment: string | null;
    detail: Record<string, unknown> | null;
    decidedBy: string | null;
    decider: ActorView | null;
    decidedAt: string | null;
  }[];
}

interface DecisionValues {
  decision: 'pass' | 'reject';
  comment: string;
  publicityFrom?: Dayjs;
  publicityTo?: Dayjs;
  documentNo?: string;
  recognisedOn?: Dayjs;
}

const stateColours = { in_review: 'processing', recognised: 'success', rejected: 'error' } as const;
const date = (value: Dayjs | undefined) => value?.format('YYYY-MM-DD');

/** One step's decision: 初审/抽查 pass or reject; 公示 with its dates; 推荐 and 结果 with the document. */
function DecisionModal({ application, onClose, onDone }: { application: ApplicationDetail; onClose(): void; onDone(): void }) {
  const { t } = useLocale();
  const text = useKeyedText();
  const { message } = App.useApp();
  const [form] = Form.useForm<DecisionValues>();
  const decision = Form.useWatch('decision', form);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const step = application.currentStep!;
  const stepText = text('recognition.step', step);
  const submit = async (values: DecisionValues) => {
    setBusy(true);
    setError(undefined);
    try {
      const body: Record<string, unknown> = { step, decision: values.decision, comment: values.comment };
      if (step === 'publicity') Object.assign(body, { publicityFrom: date(values.publicityFrom), publicityTo: date(values.publicityTo) });
      if ((step === 'recommend' || step === 'result') && values.documentNo) body.documentNo = values.documentNo;
      if (step === 'result' && values.recognisedOn) body.recognisedOn = date(values.recognisedOn);
      await api(`/recognition/applications/${application.id}/decisions`, { method: 'POST', body, headers: { 'Idempotency-Key': key } });
      void message.success(t('recognition.decided'));
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('recognition.decideTitle', { step: stepText, enterprise: application.enterpriseName ?? application.enterpriseId })} onCancel={onClose} footer={null} destroyOnHidden>
      {error && <Alert type="error" title={error} showIcon role="alert" style={{ marginBottom: 12 }} />}
      <Form<DecisionValues> form={form} layout="vertical" name="recognition-decision" initialValues={{ decision: 'pass' }} onFinish={submit}>
        <Form.Item label={t('proc.decision')} name="decision" rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'pass', label: t('recognition.decision.pass') },
              { value: 'reject', label: t('recognition.decision.reject') },
            ]}
          />
        </Form.Item>
        {step === 'publicity' && (
          <Space wrap>
            <Form.Item label={t('recognition.publicityFrom')} name="publicityFrom" rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item label={t('recognition.publicityTo')} name="publicityTo" rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
          </Space>
        )}
        {(step === 'recommend' || step === 'result') && (
          <Form.Item label={t('recognition.documentNo')} name="documentNo" rules={step === 'result' ? [{ required: true, min: 2 }] : []}>
            <Input maxLength={100} />
          </Form.Item>
        )}
        {step === 'result' && decision === 'pass' && (
          <Form.Item label={t('recognition.recognisedOn')} name="recognisedOn" rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        )}
        <Form.Item label={t('proc.comment')} name="comment" rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('proc.submit')}
          </Button>
          <Button onClick={onClose}>{t('proc.cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

/** 认定批次: its criteria and steps, each application with its steps (items, decisions) and the decision form. */
export default function RecognitionBatch() {
  const { batchId = '' } = useParams();
  const { t } = useLocale();
  const text = useKeyedText();
  const units = useUnits();
  const actorText = useActorText();
  const { session } = useSession();
  const commission = session ? audiencesOf(session.principal).has('commission') : false;
  const [batch, setBatch] = useState<BatchDetail>();
  const [applications, setApplications] = useState<ApplicationDetail[]>();
  const [deciding, setDeciding] = useState<ApplicationDetail>();
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const [error, setError] = useState<string>();
  const load = useCallback(async () => {
    try {
      const [found, list] = await Promise.all([api<BatchDetail>(`/recognition/batches/${batchId}`), api<{ applications: ApplicationSummary[] }>(`/recognition/applications?batchId=${batchId}`)]);
      setBatch(found);
      // Each application's steps come with its detail; a batch holds tens, not thousands.
      setApplications(await Promise.all(list.applications.slice(0, 100).map((row) => api<ApplicationDetail>(`/recognition/applications/${row.id}`))));
    } catch (e) {
      setError(errorText(e));
    }
  }, [batchId]);
  useEffect(() => {
    void load();
  }, [load]);
  if (error && !batch) return <Alert type="error" title={error} showIcon role="alert" />;
  if (!batch) return <Card loading />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={2} style={{ fontSize: '1.2rem', margin: 0 }}>
            {batch.title}
          </Typography.Title>
        }
        extra={<Tag color={batch.accepting ? 'processing' : 'default'}>{batch.accepting ? t('recognition.accepting') : t('recognition.notAccepting')}</Tag>}
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('recognition.tier')}>{text('recognition.tier', batch.tier, batch.tierLabel)}</Descriptions.Item>
          <Descriptions.Item label={`${t('recognition.opensOn')} ~ ${t('recognition.cutoffOn')}`}>{`${batch.opensOn} ~ ${batch.cutoffOn}`}</Descriptions.Item>
          <Descriptions.Item label={t('recognition.figuresYear')}>{batch.figuresYear}</Descriptions.Item>
          <Descriptions.Item label={t('recognition.steps')}>{batch.steps.map((step) => text('recognition.step', step.kind, step.label)).join(' → ')}</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph strong style={{ marginTop: 8, marginBottom: 4 }}>
          {t('recognition.criteria', { version: batch.criteria.version, source: batch.criteria.source })}
        </Typography.Paragraph>
        <ul style={{ margin: 0 }}>
          {batch.criteria.rules.map((rule) => (
            <li key={rule.key}>{rule.label}</li>
          ))}
        </ul>
      </Card>
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      <Card title={t('recognition.applications')} size="small">
        <Table<ApplicationDetail>
          rowKey="id"
          size="small"
          loading={!applications && !error}
          dataSource={applications ?? []}
          pagination={false}
          expandable={{
            // Open by default, also for rows that arrive after the first render.
            expandedRowKeys: (applications ?? []).filter((row) => !collapsed.has(row.id)).map((row) => row.id),
            onExpand: (expanded, row) =>
              setCollapsed((previous) => {
                const next = new Set(previous);
                if (expanded) next.delete(row.id);
                else next.add(row.id);
                return next;
              }),
            expandedRowRender: (application) => (
              <Steps
                size="small"
                current={application.steps.length - 1}
                status={application.state === 'rejected' ? 'error' : application.state === 'recognised' ? 'finish' : 'process'}
                items={application.steps.map((step) => ({
                  title: text('recognition.step', step.kind, step.label),
                  content: (
                    <div data-testid={`step-${application.id}-${step.kind}`}>
                      {step.decision ? (
                        <div>
                          {text('recognition.decision', step.decision)} · {step.comment} · {formatDateTime(step.decidedAt)}
                          {step.decidedBy && ` · ${actorText(step.decider, step.decidedBy)}`}
                        </div>
                      ) : (
                        step.item && (
                          <>
                            <div>{unitName(units, step.item.unitId)}</div>
                            <Deadline dueOn={step.item.dueOn} colour={step.item.colour} />
                          </>
                        )
                      )}
                      {step.itemId && <Link to={`/items/${step.itemId}`}>{t('proc.viewItem')}</Link>}
                    </div>
                  ),
                }))}
              />
            ),
          }}
          columns={[
            { title: t('proc.enterprise'), key: 'enterprise', render: (_, row) => row.enterpriseName ?? row.enterpriseId },
            { title: t('proc.state'), dataIndex: 'state', width: 100, render: (state: ApplicationDetail['state'], row) => <Tag color={stateColours[state]}>{text('recognition.state', state, row.stateLabel)}</Tag> },
            { title: t('recognition.currentStep'), dataIndex: 'currentStep', width: 160, render: (step: string | null) => (step ? text('recognition.step', step) : '—') },
            { title: t('recognition.checks'), key: 'checks', render: (_, row) => row.criteriaCheck.results.map((result) => `${result.label}：${result.outcome === 'met' ? '✓' : '✗'}`).join('；') },
            { title: t('recognition.appliedAt'), dataIndex: 'appliedAt', width: 150, render: (value: string) => formatDateTime(value) },
            {
              title: t('actions'),
              key: 'actions',
              width: 90,
              render: (_, row) =>
                commission && row.state === 'in_review' && row.currentStep ? (
                  <Button size="small" type="primary" onClick={() => setDeciding(row)} aria-label={`${t('recognition.decide')} ${row.enterpriseName ?? row.enterpriseId}`}>
                    {t('recognition.decide')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      {deciding && (
        <DecisionModal
          application={deciding}
          onClose={() => setDeciding(undefined)}
          onDone={() => {
            setDeciding(undefined);
            void load();
          }}
        />
      )}
    </Space>
  );
}
