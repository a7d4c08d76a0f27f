import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Select, Space, Table, Tabs, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, newIdempotencyKey } from '../../api';
import { formatDateTime } from '../../dates';
import { useLocale } from '../../i18n';
import { audiencesOf, useSession } from '../../session';
import { errorText, useKeyedText } from './text';

export interface SubsidyRound {
  id: string;
  measureId: string;
  title: string;
  opensOn: string;
  closesOn: string;
  status: 'open' | 'closed' | 'upcoming';
  materials: { code: string; label: string }[];
  maxAmount: number;
  supplementDays: number;
  publicityDays: number;
}

interface ApplicationRow {
  id: string;
  roundId: string;
  roundTitle: string;
  enterpriseId: string;
  enterpriseName: string | null;
  state: string;
  stateLabel: string;
  requestedAmount: number;
  approvedAmount: number | null;
  submittedAt: string;
}

const subsidyStates = ['town_review', 'formal_review', 'awaiting_supplement', 'verification', 'joint_review', 'approval', 'publicity', 'disbursement', 'acceptance', 'completed', 'rejected', 'lapsed', 'acceptance_failed'];
const finalStates = new Set(['completed', 'rejected', 'lapsed', 'acceptance_failed']);
const roundColours = { open: 'processing', closed: 'default', upcoming: 'warning' } as const;

interface RoundForm {
  measureId: string;
  title: string;
  opensOn: Dayjs;
  closesOn: Dayjs;
  maxAmount: number;
  supplementDays?: number;
  publicityDays?: number;
  inDistrict?: boolean;
  minRevenue?: number;
  minRdRatio?: number;
  materials: { code: string; label: string }[];
}

/** 发布申报批次 (the commission). */
function OpenRoundForm({ onOpened }: { onOpened(): void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<RoundForm>();
  const [error, setError] = useState<string>();
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const submit = async (values: RoundForm) => {
    setBusy(true);
    setError(undefined);
    try {
      const eligibility = { ...(values.inDistrict ? { inDistrict: true } : {}), ...(values.minRevenue ? { minRevenue: values.minRevenue } : {}), ...(values.minRdRatio ? { minRdRatio: values.minRdRatio } : {}) };
      await api('/subsidy-rounds', {
        method: 'POST',
        headers: { 'Idempotency-Key': key },
        body: {
          measureId: values.measureId.trim(),
          title: values.title,
          opensOn: values.opensOn.format('YYYY-MM-DD'),
          closesOn: values.closesOn.format('YYYY-MM-DD'),
          maxAmount: values.maxAmount,
          eligibility,
          materials: values.materials,
          ...(values.supplementDays ? { supplementDays: values.supplementDays } : {}),
          ...(values.publicityDays ? { publicityDays: values.publicityDays } : {}),
        },
      });
      void message.success(t('subsidy.openRound.done'));
      form.resetFields();
      setKey(newIdempotencyKey());
      onOpened();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('subsidy.openRound')} style={{ marginTop: 16 }}>
      {error && <Alert type="error" title={error} showIcon role="alert" style={{ marginBottom: 12 }} />}
      <Form<RoundForm>
        form={form}
        layout="vertical"
        name="open-round"
        onFinish={submit}
        initialValues={{ measureId: 'jiangjin-srdi-2022-2025/measure/29', materials: [{ code: 'application_form', label: t('subsidy.defaultMaterial') }] }}
      >
        <Space wrap align="start">
          <Form.Item label={t('subsidy.roundTitle')} name="title" rules={[{ required: true, min: 4 }]}>
            <Input style={{ width: 280 }} maxLength={100} />
          </Form.Item>
          <Form.Item label={t('subsidy.measureId')} name="measureId" rules={[{ required: true }]}>
            <Input style={{ width: 300 }} />
          </Form.Item>
          <Form.Item label={t('subsidy.opensOn')} name="opensOn" rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item label={t('subsidy.closesOn')} name="closesOn" rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item label={t('subsidy.maxAmount')} name="maxAmount" rules={[{ required: true }]}>
            <InputNumber min={0.01} max={100000} step={1} />
          </Form.Item>
          <Form.Item label={t('subsidy.supplementDays')} name="supplementDays">
            <InputNumber min={1} max={30} />
          </Form.Item>
          <Form.Item label={t('subsidy.publicityDays')} name="publicityDays">
            <InputNumber min={5} max={30} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="inDistrict" valuePropName="checked" label={t('subsidy.eligibility')}>
            <Checkbox>{t('subsidy.inDistrict')}</Checkbox>
          </Form.Item>
          <Form.Item label={t('subsidy.minRevenue')} name="minRevenue">
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item label={t('subsidy.minRdRatio')} name="minRdRatio">
            <InputNumber min={0} max={1} step={0.01} />
          </Form.Item>
        </Space>
        <Form.List name="materials">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item label={`${t('subsidy.materialCode')} ${index + 1}`} name={[field.name, 'code']} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/ }]}>
                    <Input style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item label={`${t('subsidy.materialLabel')} ${index + 1}`} name={[field.name, 'label']} rules={[{ required: true, min: 2 }]}>
                    <Input style={{ width: 240 }} />
                  </Form.Item>
                  <Button onClick={() => remove(field.name)} aria-label={`${t('subsidy.remove')} ${index + 1}`}>
                    {t('subsidy.remove')}
                  </Button>
                </Space>
              ))}
              <div>
                <Button onClick={() => add()} style={{ marginBottom: 16 }}>
                  {t('subsidy.addMaterial')}
                </Button>
              </div>
            </>
          )}
        </Form.List>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('subsidy.openRound.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** 资金补助: the applications the viewer may see (filter by round and state) and the rounds. */
export default function SubsidyList() {
  const { t } = useLocale();
  const text = useKeyedText();
  const { session } = useSession();
  const commission = session ? audiencesOf(session.principal).has('commission') : false;
  const [params, setParams] = useSearchParams();
  const [rounds, setRounds] = useState<SubsidyRound[]>();
  const [applications, setApplications] = useState<ApplicationRow[]>();
  const [error, setError] = useState<string>();
  const roundFilter = params.get('round') ?? '';
  const stateFilter = params.get('state') ?? '';
  const tab = params.get('tab') === 'rounds' ? 'rounds' : 'applications';

  // Rounds once; applications again whenever a filter changes (the API filters, so older rows are not cut off).
  const loadRounds = useCallback(async () => {
    try {
      setRounds((await api<{ rounds: SubsidyRound[] }>('/subsidy-rounds')).rounds);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => {
    void loadRounds();
  }, [loadRounds]);
  useEffect(() => {
    let live = true;
    setApplications(undefined);
    const query = new URLSearchParams({ ...(roundFilter ? { roundId: roundFilter } : {}), ...(stateFilter ? { state: stateFilter } : {}) }).toString();
    api<{ applications: ApplicationRow[] }>(`/subsidy-applications${query ? `?${query}` : ''}`)
      .then((answer) => live && setApplications(answer.applications))
      .catch((e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [roundFilter, stateFilter]);

  const setParam = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  return (
    <Card title={t('subsidy.title')}>
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      <Tabs
        activeKey={tab}
        onChange={(key) => setParam('tab', key === 'rounds' ? 'rounds' : undefined)}
        items={[
          {
            key: 'applications',
            label: t('subsidy.tab.applications'),
            children: (
              <>
                <Space wrap style={{ marginBottom: 12 }}>
                  <label>
                    {t('subsidy.filterRound')}{' '}
                    <Select
                      aria-label={t('subsidy.filterRound')}
                      style={{ width: 260 }}
                      value={roundFilter}
                      onChange={(value: string) => setParam('round', value)}
                      options={[{ value: '', label: t('proc.all') }, ...(rounds ?? []).map((round) => ({ value: round.id, label: round.title }))]}
                    />
                  </label>
                  <label>
                    {t('subsidy.filterState')}{' '}
                    <Select
                      aria-label={t('subsidy.filterState')}
                      style={{ width: 240 }}
                      value={stateFilter}
                      onChange={(value: string) => setParam('state', value)}
                      options={[{ value: '', label: t('proc.all') }, { value: 'active', label: t('subsidy.state.active') }, ...subsidyStates.map((state) => ({ value: state, label: text('subsidy.state', state) }))]}
                    />
                  </label>
                </Space>
                <Table<ApplicationRow>
                  rowKey="id"
                  size="small"
                  loading={!applications && !error}
                  dataSource={applications ?? []}
                  pagination={{ pageSize: 30, hideOnSinglePage: true }}
                  columns={[
                    { title: t('proc.enterprise'), dataIndex: 'enterpriseId', render: (value: string, row) => <Link to={`/subsidy-applications/${row.id}`}>{row.enterpriseName ?? value}</Link> },
                    { title: t('subsidy.round'), dataIndex: 'roundTitle' },
                    { title: t('proc.state'), dataIndex: 'state', render: (state: string, row) => <Tag color={finalStates.has(state) ? 'default' : 'processing'}>{text('subsidy.state', state, row.stateLabel)}</Tag> },
                    { title: t('subsidy.requested'), dataIndex: 'requestedAmount', width: 130 },
                    { title: t('subsidy.approved'), dataIndex: 'approvedAmount', width: 130, render: (value: number | null) => value ?? '—' },
                    { title: t('subsidy.submittedAt'), dataIndex: 'submittedAt', width: 160, render: (value: string) => formatDateTime(value) },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'rounds',
            label: t('subsidy.tab.rounds'),
            children: (
              <>
                <Table<SubsidyRound>
                  rowKey="id"
                  size="small"
                  loading={!rounds && !error}
                  dataSource={rounds ?? []}
                  pagination={false}
                  expandable={{ expandedRowRender: (round) => `${t('subsidy.materials')}：${round.materials.map((m) => m.label).join('、')}` }}
                  columns={[
                    { title: t('subsidy.roundTitle'), dataIndex: 'title', render: (title: string, round) => (
                        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setParams({ round: round.id })}>
                          {title}
                        </Button>
                      ) },
                    { title: t('subsidy.measure'), dataIndex: 'measureId' },
                    { title: t('subsidy.period'), key: 'period', render: (_, round) => `${round.opensOn} ~ ${round.closesOn}` },
                    { title: t('proc.state'), dataIndex: 'status', width: 100, render: (status: SubsidyRound['status']) => <Tag color={roundColours[status]}>{t(`subsidy.roundStatus.${status}`)}</Tag> },
                    { title: t('subsidy.maxAmount'), dataIndex: 'maxAmount', width: 150 },
                    { title: t('subsidy.supplementDays'), dataIndex: 'supplementDays', width: 150 },
                    { title: t('subsidy.publicityDays'), dataIndex: 'publicityDays', width: 130 },
                  ]}
                />
                {commission && <OpenRoundForm onOpened={() => void loadRounds()} />}
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
