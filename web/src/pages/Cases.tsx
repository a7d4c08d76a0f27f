import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Card, Table, Tag } from 'antd';
import { api } from '../api';
// The categories are data shared with the API (one list, shown in Chinese).
import { difficultyCategories } from '../../../domain/difficulty/categories';
import { formatDateTime } from '../dates';
import { useSession } from '../session';

interface CaseSummary {
  id: string;
  category: string;
  title: string;
  state: string;
  createdAt: string;
}

export const caseStateLabels: Record<string, string> = { assigned: '办理中', resolved: '已办结' };

// 企业门户: the enterprise's own cases (企业诉求), newest first.
export default function Cases() {
  const { session } = useSession();
  const enterpriseId = session?.principal.enterpriseId;
  const [cases, setCases] = useState<CaseSummary[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!enterpriseId) return;
    api<{ difficulties: CaseSummary[] }>(`/enterprises/${enterpriseId}/difficulties`)
      .then((result) => setCases(result.difficulties))
      .catch((e: Error) => setError(e.message));
  }, [enterpriseId]);
  return (
    <Card title="我的诉求">
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      <Table<CaseSummary>
        rowKey="id"
        loading={!cases && !error}
        dataSource={cases ?? []}
        pagination={false}
        columns={[
          { title: '诉求', dataIndex: 'title', render: (title: string, row) => <Link to={`/cases/${row.id}`}>{title}</Link> },
          { title: '类别', dataIndex: 'category', width: 120, render: (category: string) => difficultyCategories[category as keyof typeof difficultyCategories] ?? category },
          { title: '状态', dataIndex: 'state', width: 100, render: (state: string) => <Tag>{caseStateLabels[state] ?? state}</Tag> },
          { title: '提出时间', dataIndex: 'createdAt', width: 170, render: formatDateTime },
        ]}
      />
    </Card>
  );
}
