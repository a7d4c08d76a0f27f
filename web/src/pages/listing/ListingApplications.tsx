import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { api, newIdempotencyKey, query } from '../../api';
import { useApiText } from '../../api-text';
import { formatDateTime } from '../../dates';
import { useLocale } from '../../i18n';
import { useSession } from '../../session';
import { ErrorAlert, errorText } from '../portal/shared';
import { useEligibleOfficers } from './officers';

interface Application {
  id: string;
  /** serviceOfficerId: the enterprise's 服务专员, proposed as the case's officer on acceptance. */
  enterprise: { id: string; name: string; serviceOfficerId?: string | null };
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

type Decision = { kind: 'accept' | 'decline'; application: Application };

function DecisionForm({ decision, onDone, onCancel }: { decision: Decision; onDone(): void; onCancel(): void }) {
  const { t } = useLocale();
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const accept = decision.kind === 'accept';
  const officers = useEligibleOfficers(accept, setError);
  const submit = async (values: { officerId?: string; comment?: string; reason?: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const path = `/listing-applications/${decision.application.id}/${accept ? 'acceptance' : 'decline'}`;
      const body = accept ? { officerId: values.officerId, ...(values.comment ? { comment: values.comment } : {}) } : { reason: values.reason };
      await api(path, { method: 'POST', body, headers: { 'Idempotency-Key': key } });
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`${accept ? t('listingApps.accept') : t('listingApps.decline')} · ${decision.application.enterprise.name}`} onCancel={onCancel} footer={null} destroyOnHidden>
      <ErrorAlert error={error} />
      <Form layout="vertical" name={`listing-${decision.kind}`} onFinish={submit} initialValues={{ officerId: decision.application.enterprise.serviceOfficerId ?? undefined }}>
        {accept ? (
          <>
            <Form.Item name="officerId" label={t('listingApps.officer')} rules={[{ required: true, message: t('portal.required') }]}>
              <Select showSearch optionFilterProp="label" loading={!officers} options={(officers ?? []).map((officer) => ({ value: officer.id, label: `${officer.name}（${officer.unitName}）` }))} />
            </Form.Item>
            <Form.Item name="comment" label={t('listingApps.comment')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="reason" label={t('listingApps.reason')} rules={[{ required: true, min: 4, message: t('listingApps.reasonRule') }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} danger={!accept}>
            {accept ? t('listingApps.confirmAccept') : t('listingApps.confirmDecline')}
          </Button>
          <Button onClick={onCancel}>{t('cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

// 入库申请审核 (区经济信息委): enterprises' applications to the listing pool; accepting one enrols
// the enterprise (its listing case starts), declining it tells the enterprise why.
export default function ListingApplications() {
  const { t } = useLocale();
  const apiText = useApiText();
  const { session } = useSession();
  const { message } = App.useApp();
  const [state, setState] = useState<'pending' | 'all'>('pending');
  const [rows, setRows] = useState<Application[]>();
  const [error, setError] = useState<string>();
  const [decision, setDecision] = useState<Decision>();
  const decides = session?.principal.memberships?.some((m) => m.roles.some((role) => role === 'commission_officer' || role === 'commission_head')) ?? false;
  const load = useCallback(() => {
    setRows(undefined);
    api<{ applications: Application[] }>(`/listing-applications${query({ state: state === 'pending' ? 'pending' : undefined })}`)
      .then((result) => setRows(result.applications))
      .catch((e: unknown) => setError(errorText(e)));
  }, [state]);
  useEffect(load, [load]);
  return (
    <Card title={t('listingApps.title')} extra={<Segmented value={state} onChange={(value) => setState(value as 'pending' | 'all')} options={[{ value: 'pending', label: t('listingApps.pending') }, { value: 'all', label: t('listingApps.all') }]} />}>
      <ErrorAlert error={error} />
      <Table<Application>
        rowKey="id"
        loading={!rows && !error}
        dataSource={rows ?? []}
        pagination={false}
        expandable={{ expandedRowRender: (row) => <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{row.plan}</Typography.Paragraph> }}
        columns={[
          { title: t('listingApps.enterprise'), dataIndex: ['enterprise', 'name'] },
          { title: t('listingApps.board'), dataIndex: 'intendedBoardLabel', width: 200, render: (label: string, row) => `${apiText('listing.board', row.intendedBoard, label)} · ${row.targetYear}` },
          { title: t('listingApps.documents'), dataIndex: 'documents', render: (documents: Application['documents']) => documents.map((document) => (document.reference ? `${document.title}（${document.reference}）` : document.title)).join('；') },
          { title: t('listingApps.appliedAt'), dataIndex: 'appliedAt', width: 170, render: formatDateTime },
          { title: t('state'), dataIndex: 'stateLabel', width: 200, render: (label: string, row) => <Space direction="vertical" size={0}><Tag>{apiText('listingApplication.state', row.state, label)}</Tag>{row.reason && <Typography.Text type="secondary">{row.reason}</Typography.Text>}</Space> },
          {
            title: t('actions'),
            key: 'actions',
            width: 200,
            render: (_: unknown, row) =>
              row.state === 'pending' && decides ? (
                <Space>
                  <Button type="primary" size="small" onClick={() => setDecision({ kind: 'accept', application: row })} aria-label={`${t('listingApps.accept')} ${row.enterprise.name}`}>
                    {t('listingApps.accept')}
                  </Button>
                  <Button size="small" danger onClick={() => setDecision({ kind: 'decline', application: row })} aria-label={`${t('listingApps.decline')} ${row.enterprise.name}`}>
                    {t('listingApps.decline')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {decision && (
        <DecisionForm
          decision={decision}
          onCancel={() => setDecision(undefined)}
          onDone={() => {
            void message.success(decision.kind === 'accept' ? t('listingApps.accepted') : t('listingApps.declined'));
            setDecision(undefined);
            load();
          }}
        />
      )}
    </Card>
  );
}
