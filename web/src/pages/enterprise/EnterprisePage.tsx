import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, errorText, newIdempotencyKey } from '../../api';
import { todayInShanghai } from '../../dates';
import { RaiseDifficulty } from '../portal/RaiseDifficulty';
import { useLocale } from '../../i18n';
import { audiencesOf, useSession } from '../../session';
import { unitName, useUnits } from '../../units';
import { CaseTable, type CaseKind, type EnterpriseCase } from '../portal/CaseTable';
import { TierTable, type TierRow } from '../recognition/TierTable';
import { useEligibleOfficers } from '../listing/officers';

interface Figure {
  year: number;
  revenue: number;
  rdExpense: number;
  employees: number;
  inventionPatents: number;
}

interface EnterpriseRecord {
  id: string;
  name: string;
  creditCode: string;
  townUnitId: string | null;
  serviceOfficer: { staffId: string; name: string; unitId: string } | null;
  /** Absent when the viewer may not see them (the page says why, in the viewer's language). */
  figures?: Figure[];
}

/** Where staff follow each kind of case; the pool applications' review page is the overseers' alone. */
const staffCasePath = (overseer: boolean) => (kind: CaseKind, id: string) =>
  ({ difficulty: `/cases/${id}`, subsidy: `/subsidy-applications/${id}`, recognition: `/recognition/applications/${id}`, listing_application: overseer ? '/listing/applications' : undefined, listing: `/listing-cases/${id}` })[kind];

// 万元 with the decimals as entered.
const money = (value: number) => value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });

// 企业档案 for staff: who the enterprise is and its service officer, its figures where the viewer
// may see them, its tier recognitions, and for the commission, district leaders and its service
// officer every case it has with the district. The commission names the officer here; the
// officer raises a difficulty for the enterprise here.
export default function EnterprisePage() {
  const { enterpriseId = '' } = useParams();
  const { t } = useLocale();
  const { session } = useSession();
  const units = useUnits();
  const audiences = session ? audiencesOf(session.principal) : new Set();
  const commission = audiences.has('commission');
  const overseer = commission || audiences.has('leader');
  const [record, setRecord] = useState<EnterpriseRecord>();
  const [tiers, setTiers] = useState<TierRow[]>();
  const [cases, setCases] = useState<EnterpriseCase[]>();
  const [error, setError] = useState<string>();
  const [choosing, setChoosing] = useState(false);
  const [raising, setRaising] = useState(false);
  const [enrolling, setEnrolling] = useState(false);
  // 服务专员: the staff member following this enterprise sees its cases and may raise for it.
  const serving = !!record?.serviceOfficer && record.serviceOfficer.staffId === session?.principal.staffMemberId;
  const path = `/enterprises/${encodeURIComponent(enterpriseId)}`;

  useEffect(() => {
    Promise.all([api<EnterpriseRecord>(path).then(setRecord), api<{ tiers: TierRow[] }>(`${path}/tiers`).then((result) => setTiers(result.tiers))]).catch((e: unknown) =>
      setError(errorText(e)),
    );
  }, [path]);
  useEffect(() => {
    if (!overseer && !serving) return;
    api<{ cases: EnterpriseCase[] }>(`${path}/cases`)
      .then((result) => setCases(result.cases))
      .catch((e: unknown) => setError(errorText(e)));
  }, [path, overseer, serving]);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Link to="/enterprises">{t('ent.back')}</Link>
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      <Card title={record?.name ?? t('ent.record')} loading={!record && !error}>
        {record && (
          <>
            <Descriptions size="small" column={2}>
              <Descriptions.Item label={t('ent.creditCode')}>{record.creditCode}</Descriptions.Item>
              <Descriptions.Item label={t('ent.town')}>{record.townUnitId ? unitName(units, record.townUnitId) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('ent.serviceOfficer')}>
                <Space size={8} wrap>
                  <span data-testid="service-officer">
                    {record.serviceOfficer ? t('actor.staff', { name: record.serviceOfficer.name, unit: unitName(units, record.serviceOfficer.unitId) }) : t('ent.noOfficer')}
                  </span>
                  {commission && (
                    <Button size="small" onClick={() => setChoosing(true)}>
                      {record.serviceOfficer ? t('ent.changeOfficer') : t('ent.assignOfficer')}
                    </Button>
                  )}
                  {serving && (
                    <Button size="small" type="primary" onClick={() => setRaising(true)}>
                      {t('ent.raiseForEnterprise')}
                    </Button>
                  )}
                </Space>
              </Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('ent.figures')}
            </Typography.Title>
            {record.figures ? (
              <Table<Figure>
                rowKey="year"
                size="small"
                pagination={false}
                dataSource={record.figures}
                columns={[
                  { title: t('ent.year'), dataIndex: 'year', width: 80 },
                  { title: t('ent.revenue'), dataIndex: 'revenue', align: 'right', render: money },
                  { title: t('ent.rdExpense'), dataIndex: 'rdExpense', align: 'right', render: money },
                  { title: t('ent.employees'), dataIndex: 'employees', align: 'right' },
                  { title: t('ent.patents'), dataIndex: 'inventionPatents', align: 'right' },
                ]}
              />
            ) : (
              <Typography.Text type="secondary">{t('ent.figuresHidden')}</Typography.Text>
            )}
          </>
        )}
      </Card>
      <Card title={t('ent.tierHistory')} loading={!tiers && !error}>
        <TierTable tiers={tiers ?? []} />
      </Card>
      {(overseer || serving) && (
        <Card
          title={t('ent.cases')}
          extra={
            // 纳入区级培育库 directly (not through the enterprise's 入库申请): once per enterprise.
            commission && cases && !cases.some((row) => row.kind === 'listing') ? (
              <Button size="small" onClick={() => setEnrolling(true)}>
                {t('ent.enrolListing')}
              </Button>
            ) : undefined
          }
        >
          <CaseTable cases={cases} error={error} pathOf={staffCasePath(overseer)} viewer="staff" />
        </Card>
      )}
      {record && commission && (
        <AssignOfficer
          open={choosing}
          enterprise={record}
          onClose={() => setChoosing(false)}
          onAssigned={(serviceOfficer) => {
            setRecord({ ...record, serviceOfficer });
            setChoosing(false);
          }}
        />
      )}
      {record && commission && enrolling && <EnrolListing enterprise={record} onClose={() => setEnrolling(false)} />}
      <Modal open={raising} title={t('ent.raiseForEnterprise')} footer={null} onCancel={() => setRaising(false)} destroyOnHidden width={760}>
        {record && <RaiseDifficulty enterpriseId={record.id} />}
      </Modal>
    </Space>
  );
}

/** 指定服务专员: the commission picks an eligible staff member (GET /listing-officers) and gives a reason. */
function AssignOfficer({ open, enterprise, onClose, onAssigned }: { open: boolean; enterprise: EnterpriseRecord; onClose(): void; onAssigned(officer: EnterpriseRecord['serviceOfficer']): void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const officers = useEligibleOfficers(open, setError);
  const submit = async (values: { officerId: string; reason: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await api<{ serviceOfficer: EnterpriseRecord['serviceOfficer'] }>(`/enterprises/${encodeURIComponent(enterprise.id)}/service-officer`, { method: 'PUT', body: values });
      message.success(t('ent.officerAssigned'));
      onAssigned(result.serviceOfficer);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('ent.assignOfficer')} footer={null} onCancel={onClose} destroyOnHidden>
      {error && <Alert type="error" title={error} showIcon role="alert" style={{ marginBottom: 12 }} />}
      <Form layout="vertical" name="assign-officer" onFinish={submit} initialValues={{ officerId: enterprise.serviceOfficer?.staffId }}>
        <Form.Item name="officerId" label={t('ent.serviceOfficer')} rules={[{ required: true, message: t('ent.officerRequired') }]}>
          <Select showSearch optionFilterProp="label" loading={!officers} options={(officers ?? []).map((officer) => ({ value: officer.id, label: t('actor.staff', { name: officer.name, unit: officer.unitName }) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('ent.officerReason')} rules={[{ required: true, min: 2, message: t('ent.officerReasonRule') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('ent.officerSave')}
        </Button>
      </Form>
    </Modal>
  );
}

interface EnrolValues {
  officerId: string;
  enrolledOn: Dayjs;
  title: string;
  reference?: string;
}

/**
 * 纳入区级培育库: starts the enterprise's listing case (POST /listing-cases) with its notice as
 * evidence. The service officer defaults to the enterprise's own (一企一策一人), so the case and
 * the enterprise are followed by the same person unless the commission chooses otherwise.
 */
function EnrolListing({ enterprise, onClose }: { enterprise: EnterpriseRecord; onClose(): void }) {
  const { t } = useLocale();
  const navigate = useNavigate();
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const officers = useEligibleOfficers(true, setError);
  const submit = async (values: EnrolValues) => {
    setBusy(true);
    setError(undefined);
    try {
      const body = {
        enterpriseId: enterprise.id,
        officerId: values.officerId,
        enrolledOn: values.enrolledOn.format('YYYY-MM-DD'),
        documents: [{ title: values.title, ...(values.reference ? { reference: values.reference } : {}) }],
      };
      const created = await api<{ id: string }>('/listing-cases', { method: 'POST', body, headers: { 'Idempotency-Key': key } });
      void navigate(`/listing-cases/${created.id}`);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  const today = todayInShanghai();
  return (
    <Modal open title={`${t('ent.enrolListing')} · ${enterprise.name}`} footer={null} onCancel={onClose} destroyOnHidden>
      {error && <Alert type="error" title={error} showIcon role="alert" style={{ marginBottom: 12 }} />}
      <Form<EnrolValues> layout="vertical" name="enrol-listing" onFinish={submit} initialValues={{ officerId: enterprise.serviceOfficer?.staffId, enrolledOn: dayjs(today) }}>
        <Form.Item name="officerId" label={t('ent.serviceOfficer')} extra={enterprise.serviceOfficer ? undefined : t('ent.enrolNoOfficer')} rules={[{ required: true, message: t('ent.officerRequired') }]}>
          <Select showSearch optionFilterProp="label" loading={!officers} options={(officers ?? []).map((officer) => ({ value: officer.id, label: t('actor.staff', { name: officer.name, unit: officer.unitName }) }))} />
        </Form.Item>
        <Form.Item name="enrolledOn" label={t('ent.enrolledOn')} rules={[{ required: true, message: t('ent.enrolledOnRequired') }]}>
          <DatePicker disabledDate={(day) => day.format('YYYY-MM-DD') > today} />
        </Form.Item>
        <Form.Item name="title" label={t('ent.enrolNotice')} rules={[{ required: true, min: 2, message: t('ent.enrolNoticeRule') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="reference" label={t('ent.enrolReference')}>
          <Input maxLength={100} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('ent.enrolConfirm')}
          </Button>
          <Button onClick={onClose}>{t('cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}
