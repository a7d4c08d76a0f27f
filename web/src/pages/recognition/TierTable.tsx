import type { ReactNode } from 'react';
import { Table, Tag } from 'antd';
import { useLocale } from '../../i18n';
import { useKeyedText } from '../subsidy/text';

/** One recognition of an enterprise, as GET /enterprises/:id/tiers answers it. */
export interface TierRow {
  id: string;
  tier: string;
  tierLabel: string;
  recognisedOn: string;
  validUntil: string;
  recheckOn: string;
  status: 'valid' | 'recheck_due' | 'expired';
  statusLabel: string;
  batchTitle: string | null;
  source: string;
  note: string | null;
}

export const tierStatusColours = { valid: 'success', recheck_due: 'warning', expired: 'default' } as const;

/** 企业梯度认定记录: an enterprise's recognitions, newest first, with validity and where each came from. */
export function TierTable({ tiers, title }: { tiers: TierRow[]; title?: ReactNode }) {
  const { t } = useLocale();
  const text = useKeyedText();
  return (
    <Table<TierRow>
      rowKey="id"
      size="small"
      pagination={false}
      title={title ? () => title : undefined}
      locale={{ emptyText: t('recognition.tiers.empty') }}
      dataSource={tiers}
      columns={[
        { title: t('recognition.tier'), dataIndex: 'tier', render: (tier: string, row) => text('recognition.tier', tier, row.tierLabel) },
        { title: t('recognition.recognisedOn'), dataIndex: 'recognisedOn', width: 110 },
        { title: t('recognition.tiers.validUntil'), dataIndex: 'validUntil', width: 110 },
        { title: t('recognition.tiers.recheckOn'), dataIndex: 'recheckOn', width: 110 },
        { title: t('recognition.tiers.status'), dataIndex: 'status', width: 150, render: (status: TierRow['status'], row) => <Tag color={tierStatusColours[status]}>{text('recognition.tierStatus', status, row.statusLabel)}</Tag> },
        { title: t('recognition.tiers.source'), key: 'source', render: (_, row) => row.batchTitle ?? row.note ?? row.source },
      ]}
    />
  );
}
