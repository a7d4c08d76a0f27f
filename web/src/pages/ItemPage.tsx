import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { App, Alert, Button, Card, Col, Descriptions, Form, Input, InputNumber, List, Modal, Radio, Row, Select, Space, Tag, Timeline, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { api, ApiError, newIdempotencyKey } from '../api';
import { formatDateTime, shanghaiDate, todayInShanghai } from '../dates';
import { Deadline } from '../components/Deadline';
import { availableActions, type ActionDefinition } from '../components/actions';
import { stateName, useLocale, type MessageKey } from '../i18n';
import { audiencesOf, useSession } from '../session';
import type { ItemDetail } from '../types';
import { unitName, useUnits } from '../units';
import { useItemTypes } from '../item-types';

/** Where the case an item belongs to is shown (its source), by kind. */
const casePaths: Record<string, (id: string) => string> = {
  subsidy: (id) => `/subsidy-applications/${id}`,
  recognition: (id) => `/recognition/applications/${id}`,
  listing: (id) => `/listing-cases/${id}`,
  measure: (id) => `/measure-tasks/${id}`,
  difficulty: (id) => `/cases/${id}`,
  meeting: (id) => `/meetings/${id}`,
};

interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  createdAt: string;
}

interface Explanation {
  unit: 'workingDays' | 'hours' | string;
  budget: number;
  totalBudget: number;
  extensions: { entries: { days?: number; amount?: number; reason?: string }[]; total: number };
  assignedOn: string;
  suspensions: { id: string; reason: string; legalBasis: string; from: string; to: string | null; open: boolean; excluded: number }[];
  suspendedTotal: number;
  elapsed: number;
  used: number;
  remaining: number;
  shareUsed: number;
  calendarDaysApplied: { date: string; kind: string; name: string }[];
  dueOn: string | null;
  dueAt: string | null;
  provisional: boolean;
  running: boolean;
}

/** A 转办's units, when the history entry records one. */
function transferOf(detail: unknown): { fromUnitId: string; toUnitId: string } | undefined {
  if (!detail || typeof detail !== 'object') return undefined;
  const { fromUnitId, toUnitId } = detail as Record<string, unknown>;
  return typeof fromUnitId === 'string' && typeof toUnitId === 'string' ? { fromUnitId, toUnitId } : undefined;
}

const escalationSteps = ['remind_liaison', 'urge', 'supervise', 'flag', 'bulletin', 'sign_overdue', 'co_overdue'] as const;

/** An escalation entry's step (and, for a co-organiser's overdue report, its unit). */
function escalationOf(detail: unknown): { step: (typeof escalationSteps)[number]; unitId?: string } | undefined {
  if (!detail || typeof detail !== 'object') return undefined;
  const { step, unitId } = detail as Record<string, unknown>;
  const known = escalationSteps.find((candidate) => candidate === step);
  return known ? { step: known, unitId: typeof unitId === 'string' ? unitId : undefined } : undefined;
}

const dayKinds = ['holiday', 'makeup_workday', 'closure'];
const historyActions = ['create', 'sign', 'return', 'transfer', 'report', 'coReport', 'approve', 'sendBack', 'close', 'requestExtension', 'decideExtension', 'urge', 'suspend', 'resume', 'halt', 'instruct', 'warn', 'overdue', 'escalate', 'recalculate'];

async function uploadAll(itemId: string, files: UploadFile[]) {
  for (const file of files) {
    if (!file.originFileObj) continue;
    await api(`/items/${itemId}/attachments`, {
      method: 'POST',
      blob: file.originFileObj,
      headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
    });
  }
}

/**
 * The pending 延期申请 as asked: how long, the deadline it would give, why and how far the work
 * has got; the commission decides on this, the unit sees what it asked.
 */
function ExtensionSummary({ item, hours }: { item: ItemDetail; hours: boolean }) {
  const { t } = useLocale();
  const { workingDays } = useSession();
  const request = item.extensionRequest;
  if (!request) return <>{t('item.extensionPending')}</>;
  const days = request.days ?? 0;
  const proposed = hours ? (item.dueAt ? formatDateTime(new Date(new Date(item.dueAt).getTime() + days * 3_600_000).toISOString()) : null) : item.dueOn ? workingDays.add(item.dueOn, days) : null;
  return (
    <div data-testid="extension-request">
      <div>{t('item.extensionAsked', { n: days, unit: hours ? t('item.unit.hours') : t('item.unit.workingDays'), date: proposed ?? '—', at: formatDateTime(request.requestedAt) })}</div>
      {request.reason && <div>{t('item.extensionReason', { text: request.reason })}</div>}
      {request.progress && <div>{t('item.extensionProgress', { text: request.progress })}</div>}
    </div>
  );
}

function ActionForm({ item, action, hours, onDone, onCancel }: { item: ItemDetail; action: ActionDefinition; hours: boolean; onDone(item: ItemDetail): void; onCancel(): void }) {
  const [form] = Form.useForm();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // One key per opened form: a double click or a retry after a timeout acts once.
  const [key] = useState(newIdempotencyKey);
  const { t } = useLocale();
  const units = useUnits();
  // 转办 goes to another unit: every unit but the current lead, by name.
  const unitOptions = useMemo(
    () => [...units.values()].filter((unit) => unit.id !== item.leadUnit.id && unit.kind !== 'external').map((unit) => ({ value: unit.id, label: unit.name })),
    [units, item.leadUnit.id],
  );
  const submit = async (values: Record<string, unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      if (files.length) await uploadAll(item.id, files);
      const body = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== ''));
      const updated = await api<ItemDetail>(`/items/${item.id}/${action.path}`, { method: 'POST', body, headers: { 'Idempotency-Key': key } });
      onDone(updated);
    } catch (e) {
      setError(e instanceof ApiError ? [e.message, ...e.fields.map((f) => f.message)].join('：') : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`${t(action.label)} · ${item.title}`} onCancel={onCancel} footer={null} destroyOnHidden>
      {error && <Alert type="error" title={error} showIcon role="alert" style={{ marginBottom: 12 }} />}
      {action.path === 'decide-extension' && <Alert type="info" style={{ marginBottom: 12 }} title={<ExtensionSummary item={item} hours={hours} />} />}
      <Form form={form} layout="vertical" name={`action-${action.path}`} onFinish={submit}>
        {action.fields.map((field) => (
          <Form.Item key={field.name} name={field.name} label={t(field.label)} rules={field.required ? [{ required: true, message: t('item.required', { label: t(field.label) }) }] : []}>
            {field.kind === 'textarea' ? (
              <Input.TextArea rows={3} maxLength={2000} />
            ) : field.kind === 'days' ? (
              <InputNumber min={1} max={60} />
            ) : field.kind === 'approve' ? (
              <Radio.Group options={[{ value: true, label: t('item.agree') }, { value: false, label: t('item.disagree') }]} />
            ) : field.kind === 'unit' ? (
              <Select showSearch optionFilterProp="label" placeholder={t('item.transferPlaceholder')} options={unitOptions} loading={units.size === 0} />
            ) : (
              <Input maxLength={500} />
            )}
          </Form.Item>
        ))}
        {action.attachments && (
          <Form.Item label={t('item.attachmentsField')}>
            <Upload multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)} accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx">
              <Button>{t('item.chooseFiles')}</Button>
            </Upload>
          </Form.Item>
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} danger={action.danger}>
            {t('item.confirm', { action: t(action.label) })}
          </Button>
          <Button onClick={onCancel}>{t('cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

export default function ItemPage() {
  const { itemId = '' } = useParams();
  const { session } = useSession();
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const [item, setItem] = useState<ItemDetail>();
  const [explanation, setExplanation] = useState<Explanation>();
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [error, setError] = useState<string>();
  const [acting, setActing] = useState<ActionDefinition>();
  const units = useUnits();
  const itemTypes = useItemTypes();

  const load = useCallback(async () => {
    try {
      const [detail, explain, files] = await Promise.all([
        api<ItemDetail>(`/items/${itemId}`),
        api<Explanation>(`/items/${itemId}/deadline/explain`),
        api<{ attachments: Attachment[] }>(`/items/${itemId}/attachments`),
      ]);
      setItem(detail);
      setExplanation(explain);
      setAttachments(files.attachments);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [itemId]);

  useEffect(() => {
    void load();
  }, [load]);

  const viewer = useMemo(
    () => ({
      audiences: session ? audiencesOf(session.principal) : new Set<never>(),
      units: new Map((session?.principal.memberships ?? []).map((m) => [m.unitId, m.roles as string[]])),
    }),
    [session],
  );

  if (error) return <Alert type="error" title={error} showIcon role="alert" />;
  if (!item) return <Card loading />;
  const actions = availableActions(item, viewer);
  const unitLabel = explanation?.unit === 'hours' ? t('item.unit.hours') : t('item.unit.workingDays');
  const casePath = item.source.id ? casePaths[item.source.kind]?.(item.source.id) : undefined;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={2} style={{ fontSize: '1.2rem', margin: 0 }}>
            {item.title}
          </Typography.Title>
        }
        extra={<Tag color="blue">{stateName(locale, item.state, item.stateLabel)}</Tag>}
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('deadline')}>
            <Deadline dueOn={item.dueOn} colour={item.colour} provisional={item.provisional} doneOn={item.completedAt ? shanghaiDate(item.reportedAt ?? item.completedAt) : null} />
          </Descriptions.Item>
          <Descriptions.Item label={t('item.signDue')}>
            {item.signedAt ? (
              t('item.signedOn', { date: shanghaiDate(item.signedAt), due: item.signDueOn ?? '—' })
            ) : item.state === 'pending_sign' && item.signDueOn ? (
              <Deadline dueOn={item.signDueOn} colour={item.signDueOn < todayInShanghai() ? 'red' : 'green'} />
            ) : (
              (item.signDueOn ?? '—')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('leadUnit')}>{item.leadUnit.name}</Descriptions.Item>
          <Descriptions.Item label={t('item.coUnits')}>{item.coUnits.map((u) => (u.reportedAt ? t('item.coReported', { name: u.name }) : u.dueOn ? t('item.coDue', { name: u.name, date: u.dueOn }) : u.name)).join(t('item.listSeparator')) || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('type')}>{itemTypes.get(item.type) ?? item.type}</Descriptions.Item>
          {/* The clock's start (the assignment, or the latest 转办), which an item assigned with an earlier date keeps. */}
          <Descriptions.Item label={t('item.assignedAt')}>{explanation?.assignedOn ?? formatDateTime(item.createdAt)}</Descriptions.Item>
          {item.extensionPending ? (
            <Descriptions.Item label={t('item.extension')} span={2}>
              <ExtensionSummary item={item} hours={explanation?.unit === 'hours'} />
            </Descriptions.Item>
          ) : null}
          {item.result && <Descriptions.Item label={t('item.result')}>{item.result}</Descriptions.Item>}
        </Descriptions>
        {casePath && (
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
            {t('proc.caseOfItem', { name: t(`proc.case.${item.source.kind as 'subsidy'}`) })} <Link to={casePath}>{t('proc.openCase')}</Link>
          </Typography.Paragraph>
        )}
        <Space wrap style={{ marginTop: 12 }} aria-label={t('actions')}>
          {actions.map((action) => (
            <Button key={action.path} type={action.path === 'sign' || action.path === 'report' || action.path === 'approve' ? 'primary' : 'default'} danger={action.danger} onClick={() => setActing(action)}>
              {t(action.label)}
            </Button>
          ))}
        </Space>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t('explain')} size="small">
            {explanation && (
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('item.explain.assignedOn')}>{explanation.assignedOn}</Descriptions.Item>
                <Descriptions.Item label={t('item.explain.budget')}>
                  {explanation.budget} {unitLabel}
                  {explanation.extensions.total ? t('item.explain.extended', { extra: explanation.extensions.total, unit: unitLabel, total: explanation.totalBudget }) : ''}
                </Descriptions.Item>
                <Descriptions.Item label={t('item.explain.used')}>
                  {t('item.explain.usedValue', { used: explanation.used, unit: unitLabel, share: Math.round(explanation.shareUsed * 100), remaining: explanation.remaining })}
                </Descriptions.Item>
                <Descriptions.Item label={t('item.explain.suspensions')}>
                  {explanation.suspensions.length
                    ? explanation.suspensions
                        .map((s) =>
                          t('item.explain.suspension', {
                            from: formatDateTime(s.from),
                            to: s.to ? t('item.explain.suspensionTo', { to: formatDateTime(s.to) }) : t('item.explain.suspensionOpen'),
                            reason: s.reason,
                            basis: s.legalBasis,
                            excluded: s.excluded,
                          }),
                        )
                        .join(t('item.explain.suspensionSeparator'))
                    : t('item.explain.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('item.explain.calendar')}>
                  {explanation.calendarDaysApplied.length
                    ? explanation.calendarDaysApplied.map((d) => t('item.explain.calendarDay', { date: d.date, name: d.name, kind: dayKinds.includes(d.kind) ? t(`item.dayKind.${d.kind}` as MessageKey) : d.kind })).join(t('item.listSeparator'))
                    : t('item.explain.noCalendar')}
                </Descriptions.Item>
                <Descriptions.Item label={t('item.explain.due')}>
                  {explanation.unit === 'hours' && explanation.dueAt ? formatDateTime(explanation.dueAt) : explanation.dueOn ? t('item.explain.dueEndOf', { date: explanation.dueOn }) : t('item.explain.stopped')}
                  {explanation.provisional ? t('item.explain.provisional') : ''}
                </Descriptions.Item>
              </Descriptions>
            )}
          </Card>
          <Card title={t('attachments')} size="small" style={{ marginTop: 16 }}>
            <List
              size="small"
              dataSource={attachments}
              locale={{ emptyText: t('item.noAttachments') }}
              renderItem={(file) => (
                <List.Item>
                  <a href={`/api/v1/attachments/${file.id}`}>{file.fileName}</a>
                  <span>
                    {Math.ceil(file.sizeBytes / 1024)} KB · {formatDateTime(file.createdAt)}
                  </span>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('history')} size="small">
            <Timeline
              items={item.history.map((entry) => ({
                color: entry.action === 'overdue' || entry.action === 'escalate' ? 'red' : entry.action === 'warn' ? 'orange' : 'blue',
                content: (
                  <div>
                    <strong>{historyActions.includes(entry.action) ? t(`item.history.${entry.action}` as MessageKey) : entry.actionLabel}</strong> <span style={{ color: '#595959' }}>{formatDateTime(entry.at)}</span>
                    {entry.toState && entry.fromState !== entry.toState && <span> → {stateName(locale, entry.toState)}</span>}
                    {entry.unitId && <div style={{ color: '#595959' }}>{t('item.historyUnit', { name: unitName(units, entry.unitId) })}</div>}
                    {transferOf(entry.detail) && (
                      <div>{t('item.historyTransfer', { from: unitName(units, transferOf(entry.detail)!.fromUnitId), to: unitName(units, transferOf(entry.detail)!.toUnitId) })}</div>
                    )}
                    {escalationOf(entry.detail)?.unitId && <div>{t('item.historyCoUnit', { name: unitName(units, escalationOf(entry.detail)!.unitId!) })}</div>}
                    {/* A step's Chinese label is the item type's (an administrator may rename it); other languages name the step. */}
                    {entry.reason && <div>{locale !== 'zh' && escalationOf(entry.detail) ? t(`escalation.${escalationOf(entry.detail)!.step}`) : entry.reason}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      {acting && (
        <ActionForm
          item={item}
          action={acting}
          hours={explanation?.unit === 'hours'}
          onCancel={() => setActing(undefined)}
          onDone={(updated) => {
            setActing(undefined);
            setItem(updated);
            void message.success(t('item.done', { action: t(acting.label) }));
            void load();
          }}
        />
      )}
    </Space>
  );
}
