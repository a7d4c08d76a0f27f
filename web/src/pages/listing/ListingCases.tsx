import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Card, Table } from 'antd';
import { api } from '../../api';
import { Deadline } from '../../components/Deadline';
import { todayInShanghai } from '../../dates';
import { useLocale, type MessageKey } from '../../i18n';
import { en } from '../../messages';
import { unitName, useUnits } from '../../units';
import { errorText } from '../subsidy/text';

export interface ListingCaseSummary {
  id: string;
  enterprise: { id: string; name: string };
  officer: { staffId: string; unitId: string; name?: string | null };
  currentMilestone: { key: string; label: string };
  nextMilestone: { key: string; label: string; expectedBy: string | null } | null;
  enrolledOn: string;
  listedOn: string | null;
}

/** A milestone's name: the programme's own label, or the English one when the catalogue has it. */
export function useMilestoneText() {
  const { t, locale } = useLocale();
  return (key: string | null | undefined, label: string | null | undefined): string => {
    const full = `listing.milestone.${key}`;
    return locale === 'en' && full in en ? t(full as MessageKey) : (label ?? key ?? '');
  };
}

/** A milestone's expected date shown as a deadline: red once it has passed (the case then stalls). */
export function ExpectedBy({ date }: { date: string | null }) {
  return <Deadline dueOn={date} colour={date && date < todayInShanghai() ? 'red' : 'green'} />;
}

/** 上市培育: the cases the viewer may see (the commission all, an officer's unit its own). */
export default function ListingCases() {
  const { t } = useLocale();
  const units = useUnits();
  const milestoneText = useMilestoneText();
  const [cases, setCases] = useState<ListingCaseSummary[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<{ cases: ListingCaseSummary[] }>('/listing-cases')
      .then((result) => setCases(result.cases))
      .catch((e: unknown) => setError(errorText(e)));
  }, []);
  return (
    <Card title={t('listing.title')}>
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      <Table<ListingCaseSummary>
        rowKey="id"
        size="small"
        loading={!cases && !error}
        dataSource={cases ?? []}
        pagination={{ pageSize: 30, hideOnSinglePage: true }}
        columns={[
          { title: t('proc.enterprise'), key: 'enterprise', render: (_, row) => <Link to={`/listing-cases/${row.id}`}>{row.enterprise.name}</Link> },
          { title: t('listing.current'), key: 'current', render: (_, row) => milestoneText(row.currentMilestone.key, row.currentMilestone.label) },
          { title: t('listing.next'), key: 'next', render: (_, row) => (row.nextMilestone ? milestoneText(row.nextMilestone.key, row.nextMilestone.label) : t('listing.noNext')) },
          { title: t('listing.expectedBy'), key: 'expected', width: 300, render: (_, row) => (row.nextMilestone ? <ExpectedBy date={row.nextMilestone.expectedBy} /> : '—') },
          { title: t('listing.officer'), key: 'officer', render: (_, row) => (row.officer.name ? t('actor.staff', { name: row.officer.name, unit: unitName(units, row.officer.unitId) }) : unitName(units, row.officer.unitId)) },
          { title: t('listing.enrolledOn'), dataIndex: 'enrolledOn', width: 120 },
          { title: t('listing.listedOn'), dataIndex: 'listedOn', width: 120, render: (value: string | null) => value ?? '—' },
        ]}
      />
    </Card>
  );
}
