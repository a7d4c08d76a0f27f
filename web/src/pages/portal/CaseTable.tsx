import { Link } from 'react-router';
import { Space, Table, Tag } from 'antd';
import { useApiText } from '../../api-text';
import { Deadline } from '../../components/Deadline';
import { formatDateTime } from '../../dates';
import { useLocale, type MessageKey } from '../../i18n';
import { zh } from '../../messages';
// The case as the API builds it: one type for both sides.
import type { CaseKind, EnterpriseCase } from '../../../../domain/enterprise/cases';
import { tierKeys } from '../../../../domain/recognition/recognition';

export type { CaseKind, EnterpriseCase };

/** Where each kind's state names sit in the catalogue (web/src/api-text.ts). */
const statePrefixes: Record<CaseKind, string> = { difficulty: 'difficulty.state', subsidy: 'subsidy.state', recognition: 'recognition.state', listing_application: 'listingApplication.state', listing: 'listingCase.state' };
const kindColours: Record<CaseKind, string> = { difficulty: 'blue', subsidy: 'gold', recognition: 'purple', listing_application: 'cyan', listing: 'cyan' };

/**
 * An enterprise's cases of every kind: where each stands and the deadline that matters now, those
 * waiting on the enterprise itself (补正, 评价) marked. The portal and the staff's enterprise page
 * link each case to their own page for it.
 */
export function CaseTable({
  cases,
  error,
  pathOf,
  viewer = 'enterprise',
}: {
  cases: EnterpriseCase[] | undefined;
  error?: string | undefined;
  /** The viewer's page for a case; undefined when they have none (the title is then plain text). */
  pathOf(kind: CaseKind, id: string): string | undefined;
  viewer?: 'enterprise' | 'staff';
}) {
  const { t, locale } = useLocale();
  const apiText = useApiText();
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
    <Table<EnterpriseCase>
      rowKey={(row) => `${row.kind}:${row.id}`}
      loading={!cases && !error}
      dataSource={cases ?? []}
      pagination={false}
      // On a phone the table scrolls sideways instead of squeezing the case's title to a column of characters.
      scroll={{ x: 1030 }}
      locale={{ emptyText: t('portal.home.empty') }}
      columns={[
        { title: t('portal.home.kind'), dataIndex: 'kind', width: 120, render: (kind: CaseKind) => <Tag color={kindColours[kind]}>{t(`portal.kind.${kind}` as MessageKey)}</Tag> },
        {
          title: t('portal.home.case'),
          dataIndex: 'title',
          width: 220,
          render: (title: string, row) => {
            const path = pathOf(row.kind, row.id);
            return path ? <Link to={path}>{caseTitle(row, title)}</Link> : caseTitle(row, title);
          },
        },
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
                {row.dueFor === 'enterprise' && <Tag>{viewer === 'staff' ? t('ent.enterpriseDeadline') : t('portal.home.yours')}</Tag>}
              </Space>
            ) : (
              '—'
            ),
        },
        { title: t('portal.home.started'), dataIndex: 'startedAt', width: 170, render: formatDateTime },
      ]}
    />
  );
}
