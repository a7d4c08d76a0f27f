import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Card, Col, Row, Statistic, Table, Tag } from 'antd';
import { api } from '../api';
import { Deadline } from '../components/Deadline';
import { UnitColourChart, type UnitCounts } from '../components/UnitColourChart';
import { stateName, useLocale } from '../i18n';
import type { Item } from '../types';
import { useKeyedText } from './subsidy/text';

interface Overview {
  openByColour: { green: number; yellow: number; red: number };
  byState: Record<string, number>;
  byUnit: UnitCounts[];
  overdue: Item[];
  awaitingReview?: Item[];
  extensionRequests?: Item[];
  returned?: Item[];
}

const escalationLabel = (value: unknown) => (typeof value === 'string' && value ? value : null);

// 督办总览: counts by colour, per unit, the overdue list (with its escalation step), and what
// waits for the commission: reports to review, extension requests to decide, returned items to transfer.
export default function Board() {
  const { t, locale } = useLocale();
  const text = useKeyedText();
  const [overview, setOverview] = useState<Overview>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<Overview>('/supervision/overview')
      .then(setOverview)
      .catch((e: Error) => setError(e.message));
  }, []);
  if (error) return <Alert type="error" title={error} showIcon role="alert" />;
  if (!overview) return <Card loading />;
  const itemColumns = [
    { title: t('title'), dataIndex: 'title', render: (title: string, item: Item) => <Link to={`/items/${item.id}`}>{title}</Link> },
    { title: t('leadUnit'), dataIndex: ['leadUnit', 'name'], width: 170 },
    { title: t('state'), dataIndex: 'state', width: 100, render: (state: string, item: Item) => stateName(locale, state, item.stateLabel) },
    { title: t('deadline'), key: 'deadline', width: 300, render: (_: unknown, item: Item) => <Deadline dueOn={item.dueOn} colour={item.colour} provisional={item.provisional} /> },
  ];
  // The half-width queues: title with its unit, and the deadline.
  const compactColumns = [
    {
      title: t('title'),
      dataIndex: 'title',
      render: (title: string, item: Item) => (
        <>
          <Link to={`/items/${item.id}`}>{title}</Link>
          <div style={{ color: '#595959', fontSize: 12 }}>{item.leadUnit.name}</div>
        </>
      ),
    },
    { title: t('deadline'), key: 'deadline', width: 210, render: (_: unknown, item: Item) => <Deadline dueOn={item.dueOn} colour={item.colour} provisional={item.provisional} /> },
  ];
  const labels = { green: t('colour.green'), yellow: t('colour.yellow'), red: t('colour.red') };
  return (
    <Row gutter={[16, 16]}>
      {(['green', 'yellow', 'red'] as const).map((colour) => (
        <Col xs={24} md={8} key={colour}>
          <Card>
            <Statistic title={t('board.open', { colour: labels[colour] })} value={overview.openByColour[colour]} styles={{ content: { color: { green: '#389e0d', yellow: '#ad6800', red: '#cf1322' }[colour] } }} />
          </Card>
        </Col>
      ))}
      <Col span={24}>
        <Card title={t('board.byUnit')} size="small">
          <UnitColourChart rows={overview.byUnit} labels={labels} />
        </Card>
      </Col>
      <Col span={24}>
        <Card title={t('board.overdue', { count: overview.overdue.length })} size="small">
          <Table<Item>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={overview.overdue}
            columns={[...itemColumns, { title: t('board.escalation'), dataIndex: 'escalation', width: 130, render: (value: unknown) => { const step = escalationLabel(value); return step ? <Tag color="red">{text('escalation', step)}</Tag> : '—'; } }]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('board.awaitingReview', { count: overview.awaitingReview?.length ?? 0 })} size="small">
          <Table<Item> rowKey="id" size="small" pagination={false} dataSource={overview.awaitingReview ?? []} columns={compactColumns} />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('board.extensions', { count: overview.extensionRequests?.length ?? 0 })} size="small">
          <Table<Item> rowKey="id" size="small" pagination={false} dataSource={overview.extensionRequests ?? []} columns={compactColumns} />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('board.returned', { count: overview.returned?.length ?? 0 })} size="small">
          <Table<Item> rowKey="id" size="small" pagination={false} dataSource={overview.returned ?? []} columns={compactColumns} />
        </Card>
      </Col>
    </Row>
  );
}
