import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Form, Input, List, Space, Tag, Timeline, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useApiText } from '../../api-text';
import { api, newIdempotencyKey } from '../../api';
import { Deadline } from '../../components/Deadline';
import { formatDateTime, todayInShanghai } from '../../dates';
import { stateName, useLocale, type MessageKey } from '../../i18n';
import { useSession } from '../../session';
import type { Colour } from '../../types';
import { acceptedFiles, ClockView, ErrorAlert, errorText, timelineItems, uploadFiles, type ClockSummary } from './shared';

interface Notice {
  missing: string[];
  noticeAt: string;
  dueOn: string;
  suppliedAt?: string;
  note?: string;
}

interface Application {
  id: string;
  roundTitle: string;
  state: string;
  stateLabel: string;
  requestedAmount: number;
  approvedAmount: number | null;
  paidAmount: number | null;
  materials: { code: string; description: string }[];
  notice: Notice | null;
  outcomeReason: string | null;
  submittedAt: string;
  steps: { step: string | null; itemId: string; leadUnitId: string; itemState: string; dueOn: string | null; colour: Colour; clock: ClockSummary; result: string | null }[];
  timeline: { seq: number; action: string; step: string | null; reason: string | null; at: string }[];
}

/** The enterprise's own 补正 deadline, coloured as the platform colours any: red when past, yellow in its last 3 working days. */
const supplementColour = (left: number): Colour => (left < 0 ? 'red' : left <= 3 ? 'yellow' : 'green');

const stepKeys = ['town_review', 'formal_review', 'verification', 'joint_review', 'approval', 'publicity', 'disbursement', 'acceptance', 'objection'];
const actionKeys = ['submit', 'assign_step', 'decide', 'request_supplement', 'supply', 'lapse', 'object', 'resolve_objection', 'publicity_end', 'complete', 'recalculate'];

/** 一次性告知 and the upload of what it lists (补正), while the enterprise has the file. */
function SupplementForm({ application, onDone }: { application: Application; onDone(next: Application): void }) {
  const { t } = useLocale();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (values: { note: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await uploadFiles(`/subsidy-applications/${application.id}/attachments`, files);
      setFiles([]);
      onDone(await api<Application>(`/subsidy-applications/${application.id}/supplement`, { method: 'POST', body: values, headers: { 'Idempotency-Key': key } }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form layout="vertical" name="supplement" onFinish={submit} style={{ maxWidth: 720 }}>
      <ErrorAlert error={error} />
      <Form.Item label={t('portal.supplement.files')}>
        <Upload multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)} accept={acceptedFiles}>
          <Button>{t('portal.chooseFiles')}</Button>
        </Upload>
      </Form.Item>
      <Form.Item name="note" label={t('portal.supplement.note')} rules={[{ required: true, min: 2, message: t('portal.supplement.noteRule') }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('portal.supplement.submit')}
      </Button>
    </Form>
  );
}

// 补助申请进度: where the application stands, the one-time list of missing items with the upload
// while 补正 is asked for, each step with its legal clock, and the timeline.
export default function SubsidyCase() {
  const { applicationId = '' } = useParams();
  const { t, locale } = useLocale();
  const apiText = useApiText();
  const { session, workingDays } = useSession();
  const [found, setFound] = useState<Application>();
  const [error, setError] = useState<string>();
  const load = useCallback(() => {
    api<Application>(`/subsidy-applications/${applicationId}`)
      .then(setFound)
      .catch((e: unknown) => setError(errorText(e)));
  }, [applicationId]);
  useEffect(load, [load]);
  if (error) return <ErrorAlert error={error} />;
  if (!found) return <Card loading />;
  const stepName = (step: string | null) => (step && stepKeys.includes(step) ? t(`portal.subsidy.step.${step}` as MessageKey) : (step ?? '—'));
  const notice = found.notice;
  const awaiting = found.state === 'awaiting_supplement';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={found.roundTitle} extra={<Tag color={awaiting ? 'orange' : 'blue'}>{apiText('subsidy.state', found.state, found.stateLabel)}</Tag>}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('portal.subsidy.amount')}>{t('portal.amount', { amount: found.requestedAmount })}</Descriptions.Item>
          {found.approvedAmount !== null && <Descriptions.Item label={t('portal.subsidy.approved')}>{t('portal.amount', { amount: found.approvedAmount })}</Descriptions.Item>}
          {found.paidAmount !== null && <Descriptions.Item label={t('portal.subsidy.paid')}>{t('portal.amount', { amount: found.paidAmount })}</Descriptions.Item>}
          <Descriptions.Item label={t('portal.submittedAt')}>{formatDateTime(found.submittedAt)}</Descriptions.Item>
          {found.outcomeReason && <Descriptions.Item label={t('portal.subsidy.outcome')}>{found.outcomeReason}</Descriptions.Item>}
        </Descriptions>
        <List size="small" header={t('portal.subsidy.materials')} dataSource={found.materials} renderItem={(material) => <List.Item>{material.description}</List.Item>} />
      </Card>
      {notice && (
        <Card title={t('portal.notice.title')} className="srdi-notice" styles={{ header: { background: awaiting ? '#fff7e6' : undefined } }}>
          {awaiting && <Alert type="warning" showIcon title={t('portal.notice.stopped')} style={{ marginBottom: 12 }} />}
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('portal.notice.at')}>{formatDateTime(notice.noticeAt)}</Descriptions.Item>
            <Descriptions.Item label={t('portal.notice.dueOn')}>
              {awaiting ? <Deadline dueOn={notice.dueOn} colour={supplementColour(workingDays.left(todayInShanghai(), notice.dueOn))} /> : notice.dueOn}
            </Descriptions.Item>
            {notice.suppliedAt && <Descriptions.Item label={t('portal.notice.suppliedAt')}>{formatDateTime(notice.suppliedAt)}</Descriptions.Item>}
            {notice.note && <Descriptions.Item label={t('portal.supplement.note')}>{notice.note}</Descriptions.Item>}
          </Descriptions>
          <Typography.Title level={5}>{t('portal.notice.missing')}</Typography.Title>
          <ol aria-label={t('portal.notice.missing')} className="srdi-missing">
            {notice.missing.map((entry) => (
              <li key={entry}>{entry}</li>
            ))}
          </ol>
          {awaiting && session?.principal.kind === 'enterprise' && <SupplementForm application={found} onDone={setFound} />}
        </Card>
      )}
      {found.steps.map((step) => (
        <Card key={step.itemId} size="small" title={stepName(step.step)} extra={<Tag>{stateName(locale, step.itemState)}</Tag>} data-step={step.step ?? ''}>
          <ClockView clock={step.clock} dueOn={step.dueOn} colour={step.colour} />
          {step.result && <Typography.Paragraph type="secondary">{step.result}</Typography.Paragraph>}
        </Card>
      ))}
      <Card size="small" title={t('portal.timeline')}>
        <Timeline
          items={timelineItems(
            found.timeline.map((event) => ({
              at: event.at,
              text: [actionKeys.includes(event.action) ? t(`portal.subsidy.event.${event.action}` as MessageKey) : event.action, event.step ? `（${stepName(event.step)}）` : '', event.reason ? `：${event.reason}` : ''].join(''),
            })),
          )}
        />
      </Card>
    </Space>
  );
}
