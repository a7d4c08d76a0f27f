import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Card, Descriptions, Progress, Space, Tag, Timeline, Typography } from 'antd';
import { api } from '../api';
// The categories are data shared with the API (one list, shown in Chinese).
import { difficultyCategories } from '../../../domain/difficulty/categories';
import { formatDateTime, todayInShanghai } from '../dates';
import { Deadline } from '../components/Deadline';
import { stateName, useLocale } from '../i18n';
import { useSession } from '../session';
import type { Item } from '../types';
import { caseStateLabels } from './Cases';

interface Case {
  id: string;
  enterprise: { id: string; name: string };
  category: string;
  title: string;
  description: string;
  state: string;
  createdAt: string;
  items: Item[];
}

/** The case's steps in time order, from what each handling unit's item records. */
function milestones(item: Item) {
  return [
    { at: item.createdAt, text: `交办${item.leadUnit.name}办理` },
    item.signedAt && { at: item.signedAt, text: `${item.leadUnit.name}已签收` },
    ...item.coUnits.filter((u) => u.reportedAt).map((u) => ({ at: u.reportedAt!, text: `配合单位${u.name}已反馈` })),
    item.reportedAt && { at: item.reportedAt, text: `${item.leadUnit.name}已反馈办理结果，区经济信息委审核中` },
    item.completedAt && { at: item.completedAt, text: '审核通过，已办结' },
    item.closedAt && { at: item.closedAt, text: '已销号' },
  ].filter((entry): entry is { at: string; text: string } => Boolean(entry));
}

// 诉求进度: the case, and for each handling unit its legal clock (deadline, working days used and
// left) and the steps so far.
export default function CasePage() {
  const { difficultyId = '' } = useParams();
  const { locale } = useLocale();
  const { workingDays } = useSession();
  const [found, setFound] = useState<Case>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<Case>(`/difficulties/${difficultyId}`)
      .then(setFound)
      .catch((e: Error) => setError(e.message));
  }, [difficultyId]);
  if (error) return <Alert type="error" title={error} showIcon role="alert" />;
  if (!found) return <Card loading />;
  const today = todayInShanghai();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={found.title} extra={<Tag color="blue">{caseStateLabels[found.state] ?? found.state}</Tag>}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="企业">{found.enterprise.name}</Descriptions.Item>
          <Descriptions.Item label="类别">{difficultyCategories[found.category as keyof typeof difficultyCategories] ?? found.category}</Descriptions.Item>
          <Descriptions.Item label="提出时间">{formatDateTime(found.createdAt)}</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{found.description}</Typography.Paragraph>
      </Card>
      {found.items.map((item) => {
        const used = item.budgetDays && item.dueOn ? Math.max(0, item.budgetDays - Math.max(0, workingDays.left(today, item.dueOn))) : null;
        return (
          <Card key={item.id} size="small" title={`承办：${item.leadUnit.name}`} extra={<Tag>{stateName(locale, item.state, item.stateLabel)}</Tag>}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label="办理期限">
                <Deadline dueOn={item.dueOn} colour={item.colour} provisional={item.provisional} />
              </Descriptions.Item>
              {used !== null && item.budgetDays && (
                <Descriptions.Item label="法定时限">
                  <Space>
                    <span>
                      共 {item.budgetDays} 个工作日，已用约 {used} 个
                    </span>
                    <Progress aria-label="法定时限已用比例" percent={Math.min(100, Math.round((used / item.budgetDays) * 100))} size="small" style={{ width: 160 }} status={item.colour === 'red' ? 'exception' : 'normal'} />
                  </Space>
                </Descriptions.Item>
              )}
              {!item.clockRunning && item.state !== 'completed' && item.state !== 'closed' && <Descriptions.Item label="计时">已中止计时（等待补充材料或依法中止）</Descriptions.Item>}
              {item.result && <Descriptions.Item label="办理结果">{item.result}</Descriptions.Item>}
            </Descriptions>
            <Timeline items={milestones(item).map((entry) => ({ content: `${formatDateTime(entry.at)} ${entry.text}` }))} />
          </Card>
        );
      })}
    </Space>
  );
}
