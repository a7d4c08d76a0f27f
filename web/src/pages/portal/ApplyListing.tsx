import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { api, newIdempotencyKey } from '../../api';
// The boards are data shared with the API (one list, shown in Chinese).
import { useApiText } from '../../api-text';
import { intendedBoards } from '../../../../domain/listing/application';
import { todayInShanghai } from '../../dates';
import { useLocale } from '../../i18n';
import { ErrorAlert, errorText } from './shared';

interface Values {
  intendedBoard: string;
  targetYear: number;
  plan: string;
  documents: { title: string; reference?: string }[];
}

// 入库申请: the enterprise asks to join the district listing-tutoring pool with its intended
// board, the year it aims to file in, its timetable and the documents it offers.
export function ApplyListing() {
  const { t } = useLocale();
  const apiText = useApiText();
  const navigate = useNavigate();
  const year = Number(todayInShanghai().slice(0, 4));
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (values: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      const documents = values.documents.map((document) => ({ title: document.title, ...(document.reference ? { reference: document.reference } : {}) }));
      await api('/listing-applications', { method: 'POST', body: { ...values, documents }, headers: { 'Idempotency-Key': key } });
      navigate('/portal/listing');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<Values> layout="vertical" name="apply-listing" onFinish={submit} initialValues={{ targetYear: year + 2, documents: [{ title: '' }] }} style={{ maxWidth: 720 }}>
      <ErrorAlert error={error} />
      <Form.Item name="intendedBoard" label={t('portal.listing.board')} rules={[{ required: true, message: t('portal.required') }]}>
        <Select options={Object.entries(intendedBoards).map(([value, label]) => ({ value, label: apiText('listing.board', value, label) }))} />
      </Form.Item>
      <Form.Item name="targetYear" label={t('portal.listing.targetYear')} rules={[{ required: true, message: t('portal.required') }]}>
        <InputNumber min={year} max={year + 10} precision={0} />
      </Form.Item>
      <Form.Item name="plan" label={t('portal.listing.plan')} rules={[{ required: true, min: 10, message: t('portal.listing.planRule') }]}>
        <Input.TextArea rows={4} maxLength={2000} placeholder={t('portal.listing.planHint')} />
      </Form.Item>
      <Form.List name="documents">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Space key={field.key} align="baseline" wrap>
                <Form.Item name={[field.name, 'title']} label={t('portal.listing.documentTitle', { n: index + 1 })} rules={[{ required: true, min: 2, message: t('portal.listing.documentRule') }]}>
                  <Input maxLength={200} style={{ width: 320 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'reference']} label={t('portal.listing.documentReference', { n: index + 1 })}>
                  <Input maxLength={100} style={{ width: 200 }} />
                </Form.Item>
                {fields.length > 1 && <Button onClick={() => remove(field.name)}>{t('portal.listing.removeDocument')}</Button>}
              </Space>
            ))}
            {fields.length < 10 && (
              <Form.Item>
                <Button onClick={() => add({ title: '' })}>{t('portal.listing.addDocument')}</Button>
              </Form.Item>
            )}
          </>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('portal.listing.submit')}
      </Button>
    </Form>
  );
}
