import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Form, Input, Row, Select, Space, Steps, Table, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { api } from '../../api';
import { useKeyedSubmit } from '../../keyed-submit';
import { Deadline } from '../../components/Deadline';
import { formatDateTime } from '../../dates';
import { stateName, useLocale } from '../../i18n';
import { audiencesOf, useSession } from '../../session';
import type { Colour, ItemState } from '../../types';
import { unitName, useUnits } from '../../units';
import { useEligibleOfficers } from './officers';
import { useActorText, type ActorView } from '../../actors';
import { errorText, useKeyedText } from '../subsidy/text';
import { ExpectedBy, useMilestoneText, type ListingCaseSummary } from './ListingCases';

interface Evidence {
  id: string;
  milestone: string;
  documents: { title: string; reference?: string }[];
  attachmentIds: string[];
  recordedBy: string;
  recordedAs: string;
  at: string;
}

interface ListingCaseDetail extends ListingCaseSummary {
  reached: { key: string; label: string; reachedOn: string; evidence: Evidence[]; confirmedBy: string; confirmedAt: string }[];
  pendingEvidence: Evidence[];
  stallEscalations: { milestone: string; itemId: string; at: string }[];
  rewardClaims: { milestone: string; stage: string; at: string; kind: string; id: string; state?: string | null; stateLabel?: string | null; fallbackReason?: string | null }[];
  items: { id: string; type: string; title: string; leadUnitId: string; state: ItemState; dueOn: string | null; colour: Colour }[];
  timeline: { seq: number; action: string; milestone: string | null; actorId: string; actor: ActorView | null; detail: Record<string, unknown>; at: string }[];
  warnings?: string[];
}

interface Programme {
  milestones: { key: string; label: string; evidenceHint: string; rewardClaim: { stage: string } | null }[];
}

const documentsText = (evidence: Evidence[], attachment: string) =>
  evidence
    .flatMap((entry) => [...entry.documents.map((doc) => (doc.reference ? `${doc.title}（${doc.reference}）` : doc.title)), ...entry.attachmentIds.map((id) => `${attachment} ${id.slice(0, 8)}`)])
    .join('；');

/** The next milestone's evidence (the officer's unit). */
function EvidenceForm({ detail, hint, onDone }: { detail: ListingCaseDetail; hint: string; onDone(next: ListingCaseDetail): void }) {
  const { t } = useLocale();
  const [form] = Form.useForm<{ title: string; reference?: string }>();
  const { submit, error } = useKeyedSubmit();
  return (
    <Form
      form={form}
      layout="vertical"
      name="listing-evidence"
      onFinish={(values) =>
        submit(
          (idempotencyKey) =>
            api<ListingCaseDetail>(`/listing-cases/${detail.id}/evidence`, {
              method: 'POST',
              body: { milestone: detail.nextMilestone!.key, documents: [{ title: values.title, ...(values.reference ? { reference: values.reference } : {}) }] },
              headers: { 'Idempotency-Key': idempotencyKey },
            }),
          t('listing.evidenceRecorded'),
          (next) => {
            form.resetFields();
            onDone(next);
          },
        )
      }
    >
      {error && <Alert type="error" title={error} showIcon role="alert" style={{ marginBottom: 12 }} />}
      <Form.Item label={t('listing.docTitle')} name="title" rules={[{ required: true, min: 2 }]} extra={hint}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item label={t('listing.docReference')} name="reference">
        <Input maxLength={100} />
      </Form.Item>
      <Button htmlType="submit">{t('listing.recordEvidence')}</Button>
    </Form>
  );
}

/** 确认里程碑 (the commission): the next milestone, its date, a comment. */
function ConfirmForm({ detail, onDone }: { detail: ListingCaseDetail; onDone(next: ListingCaseDetail): void }) {
  const { t } = useLocale();
  const milestoneText = useMilestoneText();
  const [form] = Form.useForm<{ reachedOn: Dayjs; comment?: string }>();
  const { submit, error } = useKeyedSubmit();
  const next = detail.nextMilestone!;
  return (
    <Form
      form={form}
      layout="vertical"
      name="listing-confirm"
      onFinish={(values) =>
        submit(
          (idempotencyKey) =>
            api<ListingCaseDetail>(`/listing-cases/${detail.id}/milestones`, {
              method: 'POST',
              body: { milestone: next.key, reachedOn: values.reachedOn.format('YYYY-MM-DD'), ...(values.comment ? { comment: values.comment } : {}) },
              headers: { 'Idempotency-Key': idempotencyKey },
            }),
          t('listing.confirmed'),
          (updated) => {
            form.resetFields();
            onDone(updated);
          },
        )
      }
    >
      {error && <Alert type="error" title={error} showIcon role="alert" style={{ marginBottom: 12 }} />}
      <Typography.Paragraph strong>{t('listing.confirmTitle', { milestone: milestoneText(next.key, next.label) })}</Typography.Paragraph>
      <Form.Item label={t('listing.reachedOn')} name="reachedOn" rules={[{ required: true }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item label={t('proc.comment')} name="comment">
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        {t('listing.confirm')}
      </Button>
    </Form>
  );
}

function OfficerForm({ detail, onDone }: { detail: ListingCaseDetail; onDone(next: ListingCaseDetail): void }) {
  const { t } = useLocale();
  const [form] = Form.useForm<{ officerId: string; reason: string }>();
  const { submit, error, setError } = useKeyedSubmit();
  const officers = useEligibleOfficers(true, setError);
  return (
    <Form
      form={form}
      layout="vertical"
      name="listing-officer"
      onFinish={(values) =>
        submit(
          (idempotencyKey) =>
            api<ListingCaseDetail>(`/listing-cases/${detail.id}/officer`, { method: 'PUT', body: { officerId: values.officerId, reason: values.reason }, headers: { 'Idempotency-Key': idempotencyKey } }),
          t('listing.officerChanged'),
          (updated) => {
            form.resetFields();
            onDone(updated);
          },
        )
      }
    >
      {error && <Alert type="error" title={error} showIcon role="alert" style={{ marginBottom: 12 }} />}
      <Form.Item label={t('listing.officerId')} name="officerId" rules={[{ required: true }]}>
        <Select
          showSearch
          optionFilterProp="label"
          style={{ width: 320 }}
          loading={!officers}
          placeholder={t('listing.officerPlaceholder')}
          options={(officers ?? []).filter((officer) => officer.id !== detail.officer.staffId).map((officer) => ({ value: officer.id, label: t('listing.officerOption', { name: officer.name, unit: officer.unitName }) }))}
        />
      </Form.Item>
      <Form.Item label={t('proc.reason')} name="reason" rules={[{ required: true, min: 2 }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Button htmlType="submit">{t('listing.changeOfficer')}</Button>
    </Form>
  );
}

/** 上市培育案例: milestones, evidence, the officer, the case's items and its timeline. */
export default function ListingCase() {
  const { caseId = '' } = useParams();
  const { t, locale } = useLocale();
  const text = useKeyedText();
  const actorText = useActorText();
  const milestoneText = useMilestoneText();
  const units = useUnits();
  const { session } = useSession();
  const [detail, setDetail] = useState<ListingCaseDetail>();
  const [programme, setProgramme] = useState<Programme>();
  const [error, setError] = useState<string>();
  const load = useCallback(async () => {
    try {
      const [found, chain] = await Promise.all([api<ListingCaseDetail>(`/listing-cases/${caseId}`), api<Programme>('/listing-milestones')]);
      setDetail(found);
      setProgramme(chain);
    } catch (e) {
      setError(errorText(e));
    }
  }, [caseId]);
  useEffect(() => {
    void load();
  }, [load]);
  const viewer = useMemo(() => {
    const audiences = session ? audiencesOf(session.principal) : new Set();
    const unitStaffOf = new Set((session?.principal.memberships ?? []).filter((m) => m.roles.some((role) => role === 'liaison' || role === 'unit_leader')).map((m) => m.unitId));
    return { commission: audiences.has('commission'), unitStaffOf };
  }, [session]);

  if (error && !detail) return <Alert type="error" title={error} showIcon role="alert" />;
  if (!detail || !programme) return <Card loading />;
  const reachedByKey = new Map(detail.reached.map((entry) => [entry.key, entry]));
  const nextDef = programme.milestones.find((m) => m.key === detail.nextMilestone?.key);
  const open = !detail.listedOn && !!detail.nextMilestone;
  const milestoneLabel = (key: string | null) => milestoneText(key, programme.milestones.find((m) => m.key === key)?.label);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={2} style={{ fontSize: '1.2rem', margin: 0 }}>
            {t('listing.case')} · {detail.enterprise.name}
          </Typography.Title>
        }
        extra={<Tag color="blue">{milestoneText(detail.currentMilestone.key, detail.currentMilestone.label)}</Tag>}
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('listing.officer')}><span data-testid="listing-officer">{t('actor.staff', { name: detail.officer.name ?? detail.officer.staffId, unit: unitName(units, detail.officer.unitId) })}</span></Descriptions.Item>
          <Descriptions.Item label={t('listing.enrolledOn')}>{detail.enrolledOn}</Descriptions.Item>
          <Descriptions.Item label={t('listing.next')}>{detail.nextMilestone ? milestoneText(detail.nextMilestone.key, detail.nextMilestone.label) : t('listing.noNext')}</Descriptions.Item>
          <Descriptions.Item label={t('listing.expectedBy')}>{detail.nextMilestone ? <ExpectedBy date={detail.nextMilestone.expectedBy} /> : '—'}</Descriptions.Item>
          {detail.listedOn && <Descriptions.Item label={t('listing.listedOn')}>{detail.listedOn}</Descriptions.Item>}
        </Descriptions>
        {detail.warnings?.map((warning) => <Alert key={warning} type="warning" showIcon title={warning} style={{ marginTop: 8 }} />)}
      </Card>
      <Card title={t('listing.milestones')} size="small">
        <Steps
          orientation="vertical"
          size="small"
          current={detail.reached.length}
          items={programme.milestones.map((milestone) => {
            const reached = reachedByKey.get(milestone.key);
            const isNext = milestone.key === detail.nextMilestone?.key;
            return {
              title: milestoneText(milestone.key, milestone.label),
              status: reached ? 'finish' : isNext ? 'process' : 'wait',
              content: reached ? (
                <span data-testid={`milestone-${milestone.key}`}>
                  {t('listing.reachedOn')} {reached.reachedOn}
                  {reached.evidence.length > 0 && ` · ${t('listing.evidence')}：${documentsText(reached.evidence, t('attachments'))}`}
                </span>
              ) : isNext ? (
                <span>
                  {t('listing.expectedBy')} {detail.nextMilestone?.expectedBy ?? '—'}
                  {detail.pendingEvidence.length > 0 && ` · ${t('listing.pendingEvidence')}：${documentsText(detail.pendingEvidence, t('attachments'))}`}
                </span>
              ) : (
                t('listing.notReached')
              ),
            };
          })}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            {open && (viewer.unitStaffOf.has(detail.officer.unitId) || viewer.commission) && (
              <Card size="small" title={`${viewer.unitStaffOf.has(detail.officer.unitId) ? t('listing.recordEvidence') : t('listing.pendingEvidence')} · ${milestoneText(detail.nextMilestone!.key, detail.nextMilestone!.label)}`}>
                {viewer.unitStaffOf.has(detail.officer.unitId) ? (
                  <EvidenceForm detail={detail} hint={nextDef?.evidenceHint ?? ''} onDone={setDetail} />
                ) : (
                  <Typography.Text type="secondary">{detail.pendingEvidence.length > 0 ? documentsText(detail.pendingEvidence, t('attachments')) : t('proc.none')}</Typography.Text>
                )}
              </Card>
            )}
            {open && viewer.commission && (
              <Card size="small" title={t('listing.confirm')}>
                <ConfirmForm detail={detail} onDone={setDetail} />
              </Card>
            )}
            {open && viewer.commission && (
              <Card size="small" title={t('listing.changeOfficer')}>
                <OfficerForm detail={detail} onDone={setDetail} />
              </Card>
            )}
            {detail.rewardClaims.length > 0 && (
              <Card size="small" title={t('listing.rewardClaims')}>
                <ul style={{ margin: 0 }}>
                  {detail.rewardClaims.map((claim) => (
                    <li key={`${claim.milestone}-${claim.id}`}>
                      {claim.stage} · {milestoneLabel(claim.milestone)} ·{' '}
                      {claim.kind === 'subsidy_application' ? (
                        <Link to={`/subsidy-applications/${claim.id}`}>{claim.stateLabel ?? t('subsidy.application')}</Link>
                      ) : (
                        <Link to={`/items/${claim.id}`}>{claim.fallbackReason ?? t('proc.viewItem')}</Link>
                      )}
                    </li>
                  ))}
                </ul>
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('proc.timeline')}>
            <Timeline
              items={detail.timeline.map((event) => ({
                color: event.action === 'stall' ? 'red' : event.action === 'confirm' ? 'green' : 'blue',
                content: (
                  <div>
                    <strong>{text('listing.event', event.action)}</strong> {event.milestone && <span>· {milestoneLabel(event.milestone)}</span>} <span style={{ color: '#595959' }}>{formatDateTime(event.at)}</span>
                    <div style={{ color: '#595959' }}>
                      {t('proc.actor')}：{actorText(event.actor, event.actorId)}
                    </div>
                    {typeof event.detail.reason === 'string' && <div>{event.detail.reason}</div>}
                    {typeof event.detail.comment === 'string' && <div>{event.detail.comment}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('listing.items')}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={detail.items}
          columns={[
            { title: t('proc.item'), dataIndex: 'title', render: (title: string, row) => <Link to={`/items/${row.id}`}>{title}</Link> },
            { title: t('proc.unit'), dataIndex: 'leadUnitId', width: 160, render: (unit: string) => unitName(units, unit) },
            { title: t('proc.itemState'), dataIndex: 'state', width: 90, render: (state: ItemState) => stateName(locale, state) },
            { title: t('deadline'), key: 'deadline', width: 260, render: (_, row) => <Deadline dueOn={row.dueOn} colour={row.colour} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
