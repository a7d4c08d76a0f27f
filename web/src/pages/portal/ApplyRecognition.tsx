import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Checkbox, Empty, Form, Select, Space, Table, Tag, Typography } from 'antd';
import { api, newIdempotencyKey } from '../../api';
import { useLocale } from '../../i18n';
import { ErrorAlert, errorText } from './shared';

interface Batch {
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

interface Check {
  allMet: boolean;
  criteriaVersion: string;
  figuresYear: number;
  results: { key: string; label: string; outcome: 'met' | 'not_met' | 'missing'; message: string }[];
}

const outcomeColours = { met: 'success', not_met: 'error', missing: 'warning' } as const;

// 认定申报: a batch accepting applications; its criteria checked against the enterprise's figures
// first, and the application only once every criterion is met and the figures are declared true.
export function ApplyRecognition() {
  const { t } = useLocale();
  const navigate = useNavigate();
  const [batches, setBatches] = useState<Batch[]>();
  const [batchId, setBatchId] = useState<string>();
  const [check, setCheck] = useState<Check>();
  const [declared, setDeclared] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<{ batches: Batch[] }>('/recognition/batches')
      .then((result) => setBatches(result.batches.filter((batch) => batch.accepting)))
      .catch((e: unknown) => setError(errorText(e)));
  }, []);
  useEffect(() => {
    setCheck(undefined);
    if (!batchId) return;
    api<Check>(`/recognition/batches/${batchId}/eligibility`)
      .then(setCheck)
      .catch((e: unknown) => setError(errorText(e)));
  }, [batchId]);
  const batch = batches?.find((candidate) => candidate.id === batchId);
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const applied = await api<{ id: string }>(`/recognition/batches/${batchId}/applications`, { method: 'POST', body: { declaration: true }, headers: { 'Idempotency-Key': key } });
      navigate(`/portal/recognition/${applied.id}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  if (batches && batches.length === 0) return <Empty description={t('portal.recognition.noBatch')} />;
  return (
    <Form layout="vertical" name="apply-recognition" onFinish={submit} style={{ maxWidth: 860 }}>
      <ErrorAlert error={error} />
      <Form.Item label={t('portal.recognition.batch')} name="batchId" rules={[{ required: true, message: t('portal.required') }]}>
        <Select loading={!batches} onChange={setBatchId} options={(batches ?? []).map((candidate) => ({ value: candidate.id, label: `${candidate.title}（${candidate.tierLabel}）` }))} />
      </Form.Item>
      {batch && (
        <Typography.Paragraph type="secondary">{t('portal.recognition.batchInfo', { cutoff: batch.cutoffOn, version: batch.criteriaVersion, year: batch.figuresYear })}</Typography.Paragraph>
      )}
      {batch && (
        <section aria-label={t('portal.recognition.check')}>
          <Typography.Title level={5}>{t('portal.recognition.check')}</Typography.Title>
          <Table
            rowKey="key"
            size="small"
            loading={!check}
            pagination={false}
            dataSource={check?.results ?? []}
            columns={[
              { title: t('portal.recognition.criterion'), dataIndex: 'label', width: 220 },
              { title: t('portal.recognition.outcome'), dataIndex: 'outcome', width: 110, render: (outcome: Check['results'][number]['outcome']) => <Tag color={outcomeColours[outcome]}>{t(`portal.recognition.outcome.${outcome}`)}</Tag> },
              { title: t('portal.recognition.detail'), dataIndex: 'message' },
            ]}
          />
          {check && (
            <Space direction="vertical" style={{ marginTop: 12 }}>
              <Tag color={check.allMet ? 'success' : 'error'} data-testid="eligibility-verdict">
                {check.allMet ? t('portal.recognition.allMet') : t('portal.recognition.notAllMet')}
              </Tag>
              <Checkbox checked={declared} onChange={(event) => setDeclared(event.target.checked)} disabled={!check.allMet}>
                {t('portal.recognition.declaration')}
              </Checkbox>
            </Space>
          )}
        </section>
      )}
      <Button type="primary" htmlType="submit" loading={busy} disabled={!check?.allMet || !declared} style={{ marginTop: 16 }}>
        {t('portal.recognition.submit')}
      </Button>
    </Form>
  );
}
