import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, newIdempotencyKey, query } from '../../api';
import { useLocale } from '../../i18n';
import { audiencesOf, useSession } from '../../session';
import { errorText, useKeyedText } from '../subsidy/text';
import { TierTable, tierStatusColours, type TierRow } from './TierTable';
import { tierKeys } from '../../../../domain/recognition/recognition';

export interface RecognitionBatchSummary {
  id: string;
  tier: string;
  tierLabel: string;
  title: string;
  opensOn: string;
  cutoffOn: string;
  accepting: boolean;
  criteriaVersion: string;
  figuresYear: number;
}

function CreateBatchForm({ onCreated }: { onCreated(): void }) {
  const { t } = useLocale();
  const text = useKeyedText();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ tier: string; title: string; opensOn: Dayjs; cutoffOn: Dayjs }>();
  const [error, setError] = useState<string>();
  const [key, setKey] = useState(newIdempotencyKey);
  return (
    <Form
      form={form}
      layout="inline"
      name="recognition-batch"
      style={{ rowGap: 8 }}
      onFinish={async (values) => {
        setError(undefined);
        try {
          await api('/recognition/batches', {
            method: 'POST',
            headers: { 'Idempotency-Key': key },
            body: { tier: values.tier, title: values.title, opensOn: values.opensOn.format('YYYY-MM-DD'), cutoffOn: values.cutoffOn.format('YYYY-MM-DD') },
          });
          void message.success(t('recognition.created'));
          form.resetFields();
          setKey(newIdempotencyKey());
          onCreated();
        } catch (e) {
          setError(errorText(e));
        }
      }}
    >
      {error && <Alert type="error" title={error} showIcon role="alert" style={{ width: '100%', marginBottom: 8 }} />}
      <Form.Item label={t('recognition.tier')} name="tier" rules={[{ required: true }]}>
        <Select style={{ width: 220 }} options={tierKeys.map((tier) => ({ value: tier, label: text('recognition.tier', tier) }))} />
      </Form.Item>
      <Form.Item label={t('recognition.batchTitle')} name="title" rules={[{ required: true, min: 4 }]}>
        <Input style={{ width: 240 }} maxLength={100} />
      </Form.Item>
      <Form.Item label={t('recognition.opensOn')} name="opensOn" rules={[{ required: true }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item label={t('recognition.cutoffOn')} name="cutoffOn" rules={[{ required: true }]}>
        <DatePicker />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        {t('recognition.create.submit')}
      </Button>
    </Form>
  );
}

/** 企业梯度认定记录: published recognitions, readable by every staff member; the enterprise is found by name (企业库). */
function EnterpriseTiers() {
  const { t } = useLocale();
  const [result, setResult] = useState<{ enterpriseId: string; enterpriseName: string; tiers: TierRow[] }>();
  const [error, setError] = useState<string>();
  const [found, setFound] = useState<{ value: string; label: string }[]>([]);
  // Each keystroke asks again; only the answer to the latest text is shown.
  const latest = useRef('');
  const search = (q: string) => {
    const text = q.trim();
    latest.current = text;
    if (!text) return;
    api<{ enterprises: { id: string; name: string }[] }>(`/enterprises${query({ q: text, limit: 20 })}`)
      .then((answer) => latest.current === text && setFound(answer.enterprises.map((enterprise) => ({ value: enterprise.id, label: enterprise.name }))))
      .catch((e: unknown) => setError(errorText(e)));
  };
  return (
    <Card size="small" title={t('recognition.tiers')} style={{ marginTop: 16 }}>
      <Form
        layout="inline"
        name="enterprise-tiers"
        onFinish={async (values: { enterpriseId: string }) => {
          setError(undefined);
          try {
            setResult(await api(`/enterprises/${encodeURIComponent(values.enterpriseId)}/tiers`));
          } catch (e) {
            setResult(undefined);
            setError(errorText(e));
          }
        }}
      >
        <Form.Item label={t('recognition.tiers.enterprise')} name="enterpriseId" rules={[{ required: true, message: t('recognition.tiers.enterpriseRequired') }]}>
          <Select showSearch filterOption={false} onSearch={search} options={found} placeholder={t('recognition.tiers.enterpriseHint')} style={{ width: 320 }} notFoundContent={null} />
        </Form.Item>
        <Button htmlType="submit">{t('recognition.tiers.show')}</Button>
      </Form>
      {error && <Alert type="error" title={error} showIcon role="alert" style={{ marginTop: 8 }} />}
      {result && (
        <div style={{ marginTop: 12 }}>
          <TierTable tiers={result.tiers} title={<Link to={`/enterprises/${result.enterpriseId}`}>{result.enterpriseName}</Link>} />
        </div>
      )}
    </Card>
  );
}

interface DueTier {
  id: string;
  enterpriseId: string;
  enterpriseName: string | null;
  tier: string;
  validUntil: string;
  recheckOn: string;
  status: TierRow['status'];
  statusLabel: string;
  recheckItemId: string | null;
}

/** 到期复核提醒 (the commission): recognitions past their reminder day. */
function DueTiers() {
  const { t } = useLocale();
  const text = useKeyedText();
  const [due, setDue] = useState<DueTier[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<{ tiers: DueTier[] }>('/recognition/tiers/due')
      .then((result) => setDue(result.tiers))
      .catch((e: unknown) => setError(errorText(e)));
  }, []);
  return (
    <Card size="small" title={t('recognition.due')} style={{ marginTop: 16 }}>
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      <Table<DueTier>
        rowKey="id"
        size="small"
        loading={!due && !error}
        dataSource={due ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('proc.enterprise'), key: 'enterprise', render: (_, row) => row.enterpriseName ?? row.enterpriseId },
          { title: t('recognition.tier'), dataIndex: 'tier', render: (tier: string) => text('recognition.tier', tier) },
          { title: t('recognition.tiers.validUntil'), dataIndex: 'validUntil', width: 110 },
          { title: t('recognition.tiers.recheckOn'), dataIndex: 'recheckOn', width: 110 },
          { title: t('recognition.tiers.status'), dataIndex: 'status', width: 150, render: (status: TierRow['status'], row) => <Tag color={tierStatusColours[status]}>{text('recognition.tierStatus', status, row.statusLabel)}</Tag> },
          { title: t('proc.item'), dataIndex: 'recheckItemId', width: 100, render: (itemId: string | null) => (itemId ? <Link to={`/items/${itemId}`}>{t('proc.viewItem')}</Link> : '—') },
        ]}
      />
    </Card>
  );
}

/** 梯度培育认定: batches by tier (the commission creates them) and an enterprise's tiers. */
export default function RecognitionBatches() {
  const { t } = useLocale();
  const text = useKeyedText();
  const { session } = useSession();
  const commission = session ? audiencesOf(session.principal).has('commission') : false;
  const [batches, setBatches] = useState<RecognitionBatchSummary[]>();
  const [error, setError] = useState<string>();
  const load = useCallback(
    () =>
      api<{ batches: RecognitionBatchSummary[] }>('/recognition/batches')
        .then((result) => setBatches(result.batches))
        .catch((e: unknown) => setError(errorText(e))),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <Card title={t('recognition.title')}>
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      {commission && (
        <Card size="small" title={t('recognition.create')} style={{ marginBottom: 16 }}>
          <CreateBatchForm onCreated={() => void load()} />
        </Card>
      )}
      <Table<RecognitionBatchSummary>
        rowKey="id"
        size="small"
        loading={!batches && !error}
        dataSource={batches ?? []}
        pagination={{ pageSize: 30, hideOnSinglePage: true }}
        columns={[
          { title: t('recognition.batch'), dataIndex: 'title', render: (title: string, row) => <Link to={`/recognition/batches/${row.id}`}>{title}</Link> },
          { title: t('recognition.tier'), dataIndex: 'tier', render: (tier: string, row) => text('recognition.tier', tier, row.tierLabel) },
          { title: t('recognition.opensOn'), dataIndex: 'opensOn', width: 110 },
          { title: t('recognition.cutoffOn'), dataIndex: 'cutoffOn', width: 110 },
          { title: t('proc.state'), dataIndex: 'accepting', width: 110, render: (accepting: boolean) => <Tag color={accepting ? 'processing' : 'default'}>{accepting ? t('recognition.accepting') : t('recognition.notAccepting')}</Tag> },
          { title: t('recognition.criteriaVersion'), dataIndex: 'criteriaVersion', width: 120 },
        ]}
      />
      <EnterpriseTiers />
      {commission && <DueTiers />}
    </Card>
  );
}
