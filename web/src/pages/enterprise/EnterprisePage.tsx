import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Card, Descriptions, Space, Table, Typography } from 'antd';
import { api, errorText } from '../../api';
import { useLocale } from '../../i18n';
import { audiencesOf, useSession } from '../../session';
import { unitName, useUnits } from '../../units';
import { CaseTable, type CaseKind, type EnterpriseCase } from '../portal/CaseTable';
import { TierTable, type TierRow } from '../recognition/TierTable';

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
  figures?: Figure[];
  /** Why the figures are not shown (they go to the enterprise, the commission and district leaders). */
  figuresHidden?: string;
}

/** Where staff follow each kind of case. */
const staffCasePath = (kind: CaseKind, id: string) =>
  ({ difficulty: `/cases/${id}`, subsidy: `/subsidy-applications/${id}`, recognition: `/recognition/applications/${id}`, listing_application: '/listing/applications', listing: `/listing-cases/${id}` })[kind];

// 万元 with the decimals as entered.
const money = (value: number) => value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });

// 企业档案 for staff: who the enterprise is, its figures where the viewer may see them, its tier
// recognitions, and for the commission and district leaders every case it has with the district.
export default function EnterprisePage() {
  const { enterpriseId = '' } = useParams();
  const { t } = useLocale();
  const { session } = useSession();
  const units = useUnits();
  const audiences = session ? audiencesOf(session.principal) : new Set();
  const overseer = audiences.has('commission') || audiences.has('leader');
  const [record, setRecord] = useState<EnterpriseRecord>();
  const [tiers, setTiers] = useState<TierRow[]>();
  const [cases, setCases] = useState<EnterpriseCase[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const path = `/enterprises/${encodeURIComponent(enterpriseId)}`;
    Promise.all([
      api<EnterpriseRecord>(path).then(setRecord),
      api<{ tiers: TierRow[] }>(`${path}/tiers`).then((result) => setTiers(result.tiers)),
      overseer ? api<{ cases: EnterpriseCase[] }>(`${path}/cases`).then((result) => setCases(result.cases)) : undefined,
    ]).catch((e: unknown) => setError(errorText(e)));
  }, [enterpriseId, overseer]);

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
              <Typography.Text type="secondary">{record.figuresHidden}</Typography.Text>
            )}
          </>
        )}
      </Card>
      <Card title={t('ent.tierHistory')} loading={!tiers && !error}>
        <TierTable tiers={tiers ?? []} />
      </Card>
      {overseer && (
        <Card title={t('ent.cases')}>
          <CaseTable cases={cases} error={error} pathOf={staffCasePath} />
        </Card>
      )}
    </Space>
  );
}
