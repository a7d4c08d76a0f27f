import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Form, Input, Select } from 'antd';
import { api, newIdempotencyKey } from '../../api';
// The categories are data shared with the API (one list, shown in Chinese).
import { difficultyCategories } from '../../../../domain/difficulty/categories';
import { useLocale } from '../../i18n';
import { useSession } from '../../session';
import { ErrorAlert, errorText } from './shared';

// 提出诉求: the enterprise states its difficulty, or its service officer does for it (服务专员代提,
// `enterpriseId` given); the commission classifies and assigns it.
export function RaiseDifficulty({ enterpriseId }: { enterpriseId?: string }) {
  const { t } = useLocale();
  const { session } = useSession();
  const navigate = useNavigate();
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (values: { category: string; title: string; description: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const raised = await api<{ id: string }>(`/enterprises/${enterpriseId ?? session!.principal.enterpriseId}/difficulties`, { method: 'POST', body: values, headers: { 'Idempotency-Key': key } });
      navigate(`/cases/${raised.id}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form layout="vertical" name="raise-difficulty" onFinish={submit} style={{ maxWidth: 720 }}>
      <ErrorAlert error={error} />
      <Form.Item name="category" label={t('portal.difficulty.category')} rules={[{ required: true, message: t('portal.required') }]}>
        <Select options={Object.entries(difficultyCategories).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
      <Form.Item name="title" label={t('portal.difficulty.title')} rules={[{ required: true, min: 2, message: t('portal.difficulty.titleRule') }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="description" label={t('portal.difficulty.description')} rules={[{ required: true, message: t('portal.required') }]}>
        <Input.TextArea rows={5} maxLength={5000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('portal.difficulty.submit')}
      </Button>
    </Form>
  );
}
