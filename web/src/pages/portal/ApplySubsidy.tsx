import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Descriptions, Empty, Form, Input, InputNumber, Select, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { api, newIdempotencyKey } from '../../api';
import { useLocale } from '../../i18n';
import { acceptedFiles, ErrorAlert, errorText, uploadFiles } from './shared';

interface Round {
  id: string;
  measureId: string;
  title: string;
  opensOn: string;
  closesOn: string;
  status: 'upcoming' | 'open' | 'closed';
  materials: { code: string; label: string }[];
  maxAmount: number;
  supplementDays: number;
}

// 申报补助: an open round, the amount, one line per required material, and the files themselves.
export function ApplySubsidy() {
  const { t } = useLocale();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [rounds, setRounds] = useState<Round[]>();
  const [roundId, setRoundId] = useState<string>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<{ rounds: Round[] }>('/subsidy-rounds')
      .then((result) => setRounds(result.rounds.filter((round) => round.status === 'open')))
      .catch((e: unknown) => setError(errorText(e)));
  }, []);
  const round = rounds?.find((candidate) => candidate.id === roundId);
  const submit = async (values: { roundId: string; requestedAmount: number; materials: Record<string, string> }) => {
    setBusy(true);
    setError(undefined);
    try {
      const materials = round!.materials.map((material) => ({ code: material.code, description: values.materials?.[material.code] ?? '' }));
      const applied = await api<{ id: string }>('/subsidy-applications', { method: 'POST', body: { roundId: values.roundId, requestedAmount: values.requestedAmount, materials }, headers: { 'Idempotency-Key': key } });
      await uploadFiles(`/subsidy-applications/${applied.id}/attachments`, files);
      navigate(`/portal/subsidy/${applied.id}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  if (rounds && rounds.length === 0) return <Empty description={t('portal.subsidy.noRound')} />;
  return (
    <Form form={form} layout="vertical" name="apply-subsidy" onFinish={submit} style={{ maxWidth: 720 }}>
      <ErrorAlert error={error} />
      <Form.Item name="roundId" label={t('portal.subsidy.round')} rules={[{ required: true, message: t('portal.required') }]}>
        <Select loading={!rounds} onChange={setRoundId} options={(rounds ?? []).map((candidate) => ({ value: candidate.id, label: candidate.title }))} />
      </Form.Item>
      {round && (
        <>
          <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('portal.subsidy.period')}>{`${round.opensOn} ~ ${round.closesOn}`}</Descriptions.Item>
            <Descriptions.Item label={t('portal.subsidy.maxAmount')}>{t('portal.amount', { amount: round.maxAmount })}</Descriptions.Item>
          </Descriptions>
          <Form.Item name="requestedAmount" label={t('portal.subsidy.amount')} rules={[{ required: true, message: t('portal.required') }]}>
            <InputNumber min={0.01} max={round.maxAmount} step={1} precision={2} style={{ width: 200 }} />
          </Form.Item>
          {round.materials.map((material) => (
            <Form.Item key={material.code} name={['materials', material.code]} label={material.label} rules={[{ required: true, message: t('portal.subsidy.materialRule') }]}>
              <Input maxLength={200} placeholder={t('portal.subsidy.materialHint')} />
            </Form.Item>
          ))}
          <Form.Item label={t('portal.subsidy.files')}>
            <Upload multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)} accept={acceptedFiles}>
              <Button>{t('portal.chooseFiles')}</Button>
            </Upload>
          </Form.Item>
        </>
      )}
      <Button type="primary" htmlType="submit" loading={busy} disabled={!round}>
        {t('portal.subsidy.submit')}
      </Button>
    </Form>
  );
}
