import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, Space, Table, Tag } from 'antd';
import { api } from '../../api';
import { useApiText } from '../../api-text';
import { Deadline } from '../../components/Deadline';
import { formatDateTime } from '../../dates';
import { useLocale, type MessageKey } from '../../i18n';
import { zh } from '../../messages';
import { useSession } from '../../session';
import type { Colour } from '../../types';
import { ErrorAlert, errorText } from './shared';

type CaseKind = 'difficulty' | 'subsidy' | 'recognition' | 'listing_application' | 'listing';

/** Where each kind's state names sit in the catalogue (web/src/api-text.ts). */
const statePrefixes: Record<CaseKind, string> = { difficulty: 'difficulty.state', subsidy: 'subsidy.state', recognition: 'recognition.state', listing_application: 'listingApplication.state', listing: 'listingCase.state' };
const tierKeys = ['innovative_sme', 'municipal_srdi', 'national_little_giant'] as const;

interface EnterpriseCase {
  kind: CaseKind;
  id: string;
  title: string;
  state: string;
  stateLabel: string;
  dueOn: string | null;
  colour: Colour;
  dueFor: 'unit' | 'enterprise' | null;
  action: 'supplement' | 'rate' | null;
  startedAt: string;
}

/** Where each kind of case is followed in the portal. */
export const casePath = (kind: CaseKind, id: string) =>
  ({ difficulty: `/cases/${id}`, subsidy: `/portal/subsidy/${id}`, recognition: `/portal/recognition/${id}`, listing_application: '/portal/listing', listing: '/portal/listing' })[kind];

const kindColours: Record<CaseKind, string> = { difficulty: 'blue', subsidy: 'gold', recognition: 'purple', listing_application: 'cyan', listing: 'cyan' };

// 我的办理事项: every case of the enterprise, of every kind, with where it stands and the deadline
// that matters now; those waiting on the enterprise itself (补正, 评价) are marked.
export default function PortalHome() {
  const { session } = useSession();
  const { t, locale } = useLocale();
  const apiText = useApiText();
  const navigate = useNavigate();
  const enterpriseId = session?.principal.enterpriseId;
  const [cases, setCases] = useState<EnterpriseCase[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!enterpriseId) return;
    api<{ cases: EnterpriseCase[] }>(`/enterprises/${enterpriseId}/cases`)
      .then((result) => setCases(result.cases))
      .catch((e: unknown) => setError(errorText(e)));
  }, [enterpriseId]);
  // The API names fixed cases in Chinese; a recognition case carries its tier's Chinese name in brackets.
  const caseTitle = (row: EnterpriseCase, title: string) => {
    if (locale === 'zh') return title;
    if (row.kind === 'listing' || row.kind === 'listing_application') return t(`portal.caseTitle.${row.kind}`);
    if (row.kind === 'recognition') {
      const tier = tierKeys.find((key) => title.endsWith(`（${zh[`recognition.tier.${key}`]}）`));
      if (tier) return `${title.slice(0, title.length - zh[`recognition.tier.${tier}`].length - 2)} (${t(`recognition.tier.${tier}`)})`;
    }
    return title;
  };
  return (
    <Card
      title={t('portal.home.title')}
      extra={
        <Space wrap>
          <Link to="/portal/apply?kind=difficulty">{t('portal.apply.difficulty')}</Link>
          <Link to="/portal/apply?kind=subsidy">{t('portal.apply.subsidy')}</Link>
          <Link to="/portal/apply?kind=recognition">{t('portal.apply.recognition')}</Link>
          <Link to="/portal/apply?kind=listing">{t('portal.apply.listing')}</Link>
        </Space>
      }
    >
      <ErrorAlert error={error} />
      <Table<EnterpriseCase>
        rowKey={(row) => `${row.kind}:${row.id}`}
        loading={!cases && !error}
        dataSource={cases ?? []}
        pagination={false}
        locale={{ emptyText: t('portal.home.empty') }}
        columns={[
          { title: t('portal.home.kind'), dataIndex: 'kind', width: 120, render: (kind: CaseKind) => <Tag color={kindColours[kind]}>{t(`portal.kind.${kind}` as MessageKey)}</Tag> },
          { title: t('portal.home.case'), dataIndex: 'title', render: (title: string, row) => <Link to={casePath(row.kind, row.id)}>{caseTitle(row, title)}</Link> },
          {
            title: t('state'),
            dataIndex: 'stateLabel',
            width: 220,
            render: (label: string, row) => (
              <Space size={4} wrap>
                <Tag>{apiText(statePrefixes[row.kind], row.state, label)}</Tag>
                {row.action && <Tag color="red">{t(`portal.home.action.${row.action}`)}</Tag>}
              </Space>
            ),
          },
          {
            title: t('deadline'),
            dataIndex: 'dueOn',
            width: 300,
            render: (dueOn: string | null, row) =>
              dueOn ? (
                <Space size={4} wrap>
                  <Deadline dueOn={dueOn} colour={row.colour} />
                  {row.dueFor === 'enterprise' && <Tag>{t('portal.home.yours')}</Tag>}
                </Space>
              ) : (
                '—'
              ),
          },
          { title: t('portal.home.started'), dataIndex: 'startedAt', width: 170, render: formatDateTime },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" onClick={() => navigate('/portal/apply')}>
          {t('portal.home.apply')}
        </Button>
      </Space>
    </Card>
  );
}
