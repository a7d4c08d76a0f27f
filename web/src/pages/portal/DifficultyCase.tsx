import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Button, Card, Descriptions, Form, Input, List, Radio, Rate, Space, Tag, Timeline, Typography } from 'antd';
import { useApiText } from '../../api-text';
import { api, newIdempotencyKey } from '../../api';
import { formatDateTime } from '../../dates';
import { stateName, useLocale, type MessageKey } from '../../i18n';
import { useSession } from '../../session';
import type { Item } from '../../types';
import { ClockView, ErrorAlert, errorText, timelineItems, type ClockSummary, type TimelineEntry } from './shared';

interface Rating {
  round: number;
  unitId: string;
  role: string;
  outcome: string;
  score: number | null;
  causeLabel: string | null;
  comment: string | null;
  reopened: boolean;
  at: string;
}

interface Case {
  id: string;
  enterprise: { id: string; name: string };
  category: string;
  categoryLabel: string;
  title: string;
  description: string;
  state: string;
  stateLabel: string;
  reopenCount: number;
  ratingDueAt: string | null;
  createdAt: string;
  items: (Item & { clock: ClockSummary | null })[];
  ratings: Rating[];
  timeline: { seq: number; action: string; fromState: string | null; toState: string | null; at: string }[];
}

const knownActions = ['raise', 'classify', 'requestRating', 'rate', 'ratingLapsed', 'reopen', 'resolve'];

/** The case's steps in time order, from what each handling unit's item records. */
function itemSteps(item: Item, t: (key: MessageKey, values?: Record<string, string | number>) => string): TimelineEntry[] {
  const unit = item.leadUnit.name;
  return [
    { at: item.createdAt, text: t('portal.difficulty.step.assigned', { unit }) },
    item.signedAt && { at: item.signedAt, text: t('portal.difficulty.step.signed', { unit }) },
    ...item.coUnits.filter((u) => u.reportedAt).map((u) => ({ at: u.reportedAt!, text: t('portal.difficulty.step.coReported', { unit: u.name }) })),
    item.reportedAt && { at: item.reportedAt, text: t('portal.difficulty.step.reported', { unit }) },
    item.completedAt && { at: item.completedAt, text: t('portal.difficulty.step.completed') },
    item.closedAt && { at: item.closedAt, text: t('portal.difficulty.step.closed') },
  ].filter((entry): entry is TimelineEntry => Boolean(entry));
}

function RatingForm({ difficultyId, onDone }: { difficultyId: string; onDone(next: Case): void }) {
  const { t } = useLocale();
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (values: { score: number; cause?: string; comment: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      onDone(await api<Case>(`/difficulties/${difficultyId}/rating`, { method: 'POST', body: values, headers: { 'Idempotency-Key': key } }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form layout="vertical" name="rate-difficulty" onFinish={submit} style={{ maxWidth: 640 }}>
      <ErrorAlert error={error} />
      <Form.Item name="score" label={t('portal.rating.score')} rules={[{ required: true, message: t('portal.required') }]}>
        <Rate aria-label={t('portal.rating.score')} />
      </Form.Item>
      <Form.Item name="cause" label={t('portal.rating.cause')}>
        <Radio.Group
          options={[
            { value: 'unit', label: t('portal.rating.cause.unit') },
            { value: 'policy', label: t('portal.rating.cause.policy') },
            { value: 'other', label: t('portal.rating.cause.other') },
          ]}
        />
      </Form.Item>
      <Form.Item name="comment" label={t('portal.rating.comment')} rules={[{ required: true, message: t('portal.required') }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('portal.rating.submit')}
      </Button>
    </Form>
  );
}

// 诉求进度: the case, each handling round with its legal clock (deadline, working days used,
// suspensions with their reasons) and steps, the difficulty's own timeline, and the rating once
// the result is closed.
export default function DifficultyCase() {
  const { difficultyId = '' } = useParams();
  const { t, locale } = useLocale();
  const apiText = useApiText();
  const { session } = useSession();
  const [found, setFound] = useState<Case>();
  const [error, setError] = useState<string>();
  const load = useCallback(() => {
    api<Case>(`/difficulties/${difficultyId}`)
      .then(setFound)
      .catch((e: unknown) => setError(errorText(e)));
  }, [difficultyId]);
  useEffect(load, [load]);
  if (error) return <ErrorAlert error={error} />;
  if (!found) return <Card loading />;
  const isEnterprise = session?.principal.kind === 'enterprise';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={found.title} extra={<Tag color="blue">{apiText('difficulty.state', found.state, found.stateLabel)}</Tag>}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('portal.enterprise')}>{found.enterprise.name}</Descriptions.Item>
          <Descriptions.Item label={t('portal.difficulty.category')}>{found.categoryLabel}</Descriptions.Item>
          <Descriptions.Item label={t('portal.raisedAt')}>{formatDateTime(found.createdAt)}</Descriptions.Item>
          {found.reopenCount > 0 && <Descriptions.Item label={t('portal.difficulty.reopened')}>{found.reopenCount}</Descriptions.Item>}
          {found.ratingDueAt && found.state === 'awaiting_rating' && <Descriptions.Item label={t('portal.rating.dueBy')}>{formatDateTime(found.ratingDueAt)}</Descriptions.Item>}
        </Descriptions>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{found.description}</Typography.Paragraph>
        {found.state === 'awaiting_classification' && <Typography.Text type="secondary">{t('portal.difficulty.waiting')}</Typography.Text>}
      </Card>
      {found.state === 'awaiting_rating' && isEnterprise && (
        <Card title={t('portal.rating.title')}>
          <RatingForm difficultyId={found.id} onDone={setFound} />
        </Card>
      )}
      {found.items.map((item) => (
        <Card key={item.id} size="small" title={t('portal.difficulty.unit', { unit: item.leadUnit.name })} extra={<Tag>{stateName(locale, item.state, item.stateLabel)}</Tag>}>
          <ClockView clock={item.clock} dueOn={item.dueOn} colour={item.colour} />
          {item.result && (
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('portal.difficulty.result')}>{item.result}</Descriptions.Item>
            </Descriptions>
          )}
          <Timeline items={timelineItems(itemSteps(item, t))} />
        </Card>
      ))}
      {found.ratings.length > 0 && (
        <Card size="small" title={t('portal.rating.given')}>
          <List
            size="small"
            dataSource={found.ratings.filter((rating) => rating.role === 'lead')}
            renderItem={(rating) => (
              <List.Item>
                <Space wrap>
                  <span>{t('portal.rating.round', { n: rating.round })}</span>
                  {rating.score !== null ? <Rate disabled value={rating.score} /> : <Tag>{t('portal.rating.none')}</Tag>}
                  {rating.causeLabel && <Tag>{rating.causeLabel}</Tag>}
                  {rating.comment && <span>{rating.comment}</span>}
                  {rating.reopened && <Tag color="orange">{t('portal.rating.reopened')}</Tag>}
                  <Typography.Text type="secondary">{formatDateTime(rating.at)}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card size="small" title={t('portal.timeline')}>
        <Timeline items={timelineItems(found.timeline.map((event) => ({ at: event.at, text: knownActions.includes(event.action) ? t(`portal.difficulty.event.${event.action}` as MessageKey) : event.action })))} />
      </Card>
    </Space>
  );
}
