import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Descriptions, Empty, Form, Input, List, Space, Steps, Tag, Timeline, Typography } from 'antd';
import { api, newIdempotencyKey } from '../../api';
import { useApiText } from '../../api-text';
import { Deadline } from '../../components/Deadline';
import { formatDateTime, todayInShanghai } from '../../dates';
import { useLocale, type MessageKey } from '../../i18n';
import { ErrorAlert, errorText, timelineItems } from './shared';

interface ListingApplication {
  id: string;
  state: 'pending' | 'accepted' | 'declined';
  stateLabel: string;
  intendedBoard: string;
  intendedBoardLabel: string;
  targetYear: number;
  plan: string;
  documents: { title: string; reference?: string }[];
  appliedAt: string;
  decidedAt: string | null;
  reason: string | null;
  caseId: string | null;
}

interface ListingCase {
  id: string;
  officer: { name: string | null; unitId: string };
  currentMilestone: { key: string; label: string };
  nextMilestone: { key: string; label: string; expectedBy: string | null } | null;
  enrolledOn: string;
  listedOn: string | null;
  reached: { key: string; label?: string; reachedOn: string }[];
  pendingEvidence: { id: string; milestone: string; documents: { title: string; reference?: string }[]; at: string }[];
  timeline: { seq: number; action: string; milestone: string | null; at: string }[];
}

interface Programme {
  milestones: { key: string; label: string }[];
}

/** 佐证材料 for the next milestone, recorded by the enterprise (the commission then confirms it). */
function EvidenceForm({ listingCase, onDone }: { listingCase: ListingCase; onDone(next: ListingCase): void }) {
  const { t } = useLocale();
  const [form] = Form.useForm();
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (values: { title: string; reference?: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const document = { title: values.title, ...(values.reference ? { reference: values.reference } : {}) };
      onDone(await api<ListingCase>(`/listing-cases/${listingCase.id}/evidence`, { method: 'POST', body: { milestone: listingCase.nextMilestone!.key, documents: [document] }, headers: { 'Idempotency-Key': key } }));
      form.resetFields();
      setKey(newIdempotencyKey());
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="inline" name="listing-evidence" onFinish={submit}>
      <ErrorAlert error={error} />
      <Form.Item name="title" label={t('portal.listing.evidenceTitle')} rules={[{ required: true, min: 2, message: t('portal.listing.documentRule') }]}>
        <Input maxLength={200} style={{ width: 280 }} />
      </Form.Item>
      <Form.Item name="reference" label={t('portal.listing.evidenceReference')}>
        <Input maxLength={100} style={{ width: 180 }} />
      </Form.Item>
      <Button htmlType="submit" loading={busy}>
        {t('portal.listing.evidenceSubmit')}
      </Button>
    </Form>
  );
}

const listingActions = ['enrol', 'evidence', 'confirm', 'officer', 'stall', 'reward_claim', 'check_in'];

const stateColours = { pending: 'processing', accepted: 'success', declined: 'error' } as const;

// 上市培育: the enterprise's applications to the pool (with the commission's answer) and, once
// enrolled, its case: the milestone chain, the next milestone and when it is expected, the timeline.
export default function ListingPage() {
  const { t } = useLocale();
  const apiText = useApiText();
  const milestoneText = (key: string | null | undefined, label?: string) => apiText('listing.milestone', key, label);
  const [applications, setApplications] = useState<ListingApplication[]>();
  const [listingCase, setListingCase] = useState<ListingCase | null>();
  const [programme, setProgramme] = useState<Programme>();
  const [error, setError] = useState<string>();
  const load = useCallback(() => {
    Promise.all([api<{ applications: ListingApplication[] }>('/listing-applications'), api<{ cases: { id: string }[] }>('/listing-cases'), api<Programme>('/listing-milestones')])
      .then(async ([own, cases, chain]) => {
        setApplications(own.applications);
        setProgramme(chain);
        setListingCase(cases.cases[0] ? await api<ListingCase>(`/listing-cases/${cases.cases[0].id}`) : null);
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, []);
  useEffect(load, [load]);
  if (error) return <ErrorAlert error={error} />;
  if (!applications || listingCase === undefined) return <Card loading />;
  const reachedCount = listingCase ? listingCase.reached.length : 0;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {listingCase && programme && (
        <Card title={t('portal.listing.case')} extra={<Tag color="cyan">{milestoneText(listingCase.currentMilestone.key, listingCase.currentMilestone.label)}</Tag>}>
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('portal.listing.enrolledOn')}>{listingCase.enrolledOn}</Descriptions.Item>
            <Descriptions.Item label={t('portal.listing.officer')}>{listingCase.officer.name ?? listingCase.officer.unitId}</Descriptions.Item>
            {listingCase.nextMilestone && (
              <Descriptions.Item label={t('portal.listing.next', { milestone: milestoneText(listingCase.nextMilestone.key, listingCase.nextMilestone.label) })}>
                <Deadline dueOn={listingCase.nextMilestone.expectedBy} colour={listingCase.nextMilestone.expectedBy && listingCase.nextMilestone.expectedBy < todayInShanghai() ? 'red' : 'green'} />
              </Descriptions.Item>
            )}
          </Descriptions>
          {listingCase.nextMilestone && !listingCase.listedOn && (
            <section aria-label={t('portal.listing.evidence', { milestone: milestoneText(listingCase.nextMilestone.key, listingCase.nextMilestone.label) })} style={{ margin: '12px 0' }}>
              <Typography.Title level={5}>{t('portal.listing.evidence', { milestone: milestoneText(listingCase.nextMilestone.key, listingCase.nextMilestone.label) })}</Typography.Title>
              <List
                size="small"
                locale={{ emptyText: t('portal.listing.noEvidence') }}
                dataSource={listingCase.pendingEvidence.filter((evidence) => evidence.milestone === listingCase.nextMilestone!.key)}
                renderItem={(evidence) => (
                  <List.Item>
                    {evidence.documents.map((document) => (document.reference ? `${document.title}（${document.reference}）` : document.title)).join('；')} <Typography.Text type="secondary">{formatDateTime(evidence.at)}</Typography.Text>
                  </List.Item>
                )}
              />
              <EvidenceForm listingCase={listingCase} onDone={setListingCase} />
            </section>
          )}
          <Steps size="small" direction="vertical" current={reachedCount - 1} items={programme.milestones.map((milestone, index) => ({ title: milestoneText(milestone.key, milestone.label), description: listingCase.reached[index]?.reachedOn }))} />
          <Timeline items={timelineItems(listingCase.timeline.map((event) => ({ at: event.at, text: `${listingActions.includes(event.action) ? t(`portal.listing.event.${event.action}` as MessageKey) : event.action}${event.milestone ? t('portal.listing.eventMilestone', { milestone: milestoneText(event.milestone, programme.milestones.find((m) => m.key === event.milestone)?.label) }) : ''}` })))} />
        </Card>
      )}
      <Card title={t('portal.listing.applications')} extra={!listingCase && !applications.some((entry) => entry.state === 'pending') ? <Link to="/portal/apply?kind=listing">{t('portal.apply.listing')}</Link> : null}>
        {applications.length === 0 ? (
          <Empty description={t('portal.listing.none')} />
        ) : (
          <List
            dataSource={applications}
            renderItem={(entry) => (
              <List.Item data-testid="listing-application">
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap>
                    <Tag color={stateColours[entry.state]}>{apiText('listingApplication.state', entry.state, entry.stateLabel)}</Tag>
                    <span>{t('portal.listing.summary', { board: apiText('listing.board', entry.intendedBoard, entry.intendedBoardLabel), year: entry.targetYear })}</span>
                    <Typography.Text type="secondary">{formatDateTime(entry.appliedAt)}</Typography.Text>
                  </Space>
                  <Typography.Text>{entry.plan}</Typography.Text>
                  <Typography.Text type="secondary">{entry.documents.map((document) => (document.reference ? `${document.title}（${document.reference}）` : document.title)).join('；')}</Typography.Text>
                  {entry.reason && <Typography.Text>{t(entry.state === 'declined' ? 'portal.listing.declinedReason' : 'portal.listing.comment', { reason: entry.reason })}</Typography.Text>}
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
}
