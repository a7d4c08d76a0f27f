import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Progress, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api, query } from '../../api';
import { useLocale, type MessageKey } from '../../i18n';
import { EChart } from './EChart';
import { downloadWithProgress, saveBlob, type DownloadProgress } from './download';
import { currentMonthKey, periodKeyPattern, periodLabel, recentPeriodKeys } from './periods';
import type { Ratio, UnitFigures, UnitFiguresReport } from './types';
import './analytics.css';

type KindFilter = 'all' | UnitFigures['unitKind'];

export const kindKeys: Record<UnitFigures['unitKind'], MessageKey> = { department: 'rank.kind.department', park: 'rank.kind.park', town: 'rank.kind.town' };

export const rateText = (ratio: Ratio | null) => (ratio === null || ratio.rate === null ? '—' : `${(ratio.rate * 100).toFixed(1)}%`);

/** Rates sort with the unknown ones last, whichever the direction. */
const byRate = (pick: (row: UnitFigures) => Ratio | null) => (a: UnitFigures, b: UnitFigures) => (pick(a)?.rate ?? -1) - (pick(b)?.rate ?? -1);

/** 名次 within the rows shown: equal overall ranks stay equal. */
function ranksWithin(rows: readonly UnitFigures[]): Map<string, number> {
  const ranked = rows.filter((row) => row.rank !== null);
  return new Map(ranked.map((row) => [row.unitId, 1 + ranked.filter((other) => other.rank! < row.rank!).length]));
}

// 排名: each department, park and town with its figures for a period (GET /unit-figures), sortable,
// filtered by kind, charted; the period's 通报 exported as XLSX (with progress) or opened to print.
export default function Rankings() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const period = periodKeyPattern.test(params.get('period') ?? '') ? params.get('period')! : currentMonthKey();
  const kind = (['department', 'park', 'town'].includes(params.get('kind') ?? '') ? params.get('kind') : 'all') as KindFilter;
  const [report, setReport] = useState<UnitFiguresReport>();
  const [error, setError] = useState<string>();
  const [progress, setProgress] = useState<DownloadProgress>();
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    setReport(undefined);
    setError(undefined);
    api<UnitFiguresReport>(`/unit-figures${query({ period })}`)
      .then(setReport)
      .catch((e: Error) => setError(e.message));
  }, [period]);

  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(name, value);
    setParams(next, { replace: true });
  };

  const rows = useMemo(() => (report ? report.units.filter((row) => kind === 'all' || row.unitKind === kind) : []), [report, kind]);
  const withinKind = useMemo(() => ranksWithin(rows), [rows]);

  const chart = useMemo(() => {
    const ranked = rows.filter((row) => row.rank !== null);
    if (ranked.length === 0) return undefined;
    const pct = (ratio: Ratio) => (ratio.rate === null ? '-' : Math.round(ratio.rate * 1000) / 10);
    return {
      description: `${t('rank.chartTitle')}：${ranked
        .map((row) => `${row.rank}. ${row.unitName} ${t('rank.onTime')} ${rateText(row.onTime)}，${t('rank.signOnTime')} ${rateText(row.signOnTime)}，${t('rank.overdueCount')} ${row.overdue.numerator}`)
        .join('；')}`,
      option: {
        tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => (typeof value === 'number' ? `${value}%` : '—') },
        legend: { top: 0 },
        grid: { left: 180, right: 48, top: 32, bottom: 24 },
        xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        yAxis: { type: 'category', inverse: true, data: ranked.map((row) => `${row.rank}. ${row.unitName}`), axisLabel: { width: 170, overflow: 'truncate' } },
        series: [
          { name: t('rank.onTime'), type: 'bar', barMaxWidth: 14, data: ranked.map((row) => pct(row.onTime)), itemStyle: { color: '#1554ad' } },
          { name: t('rank.signOnTime'), type: 'bar', barMaxWidth: 14, data: ranked.map((row) => pct(row.signOnTime)), itemStyle: { color: '#69b1ff' } },
        ],
      },
      height: Math.max(180, ranked.length * 36 + 60),
    };
  }, [rows, t]);

  const exportXlsx = async () => {
    setExporting(true);
    setProgress({ received: 0 });
    try {
      const { blob, fileName } = await downloadWithProgress(`/bulletins/${period}/xlsx`, `bulletin-${period}.xlsx`, setProgress, (status) => t('analytics.downloadFailed', { status }));
      saveBlob(blob, fileName);
      message.success(t('rank.exported', { name: fileName }));
    } catch (e) {
      setProgress(undefined);
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  };

  const columns: ColumnsType<UnitFigures> = [
    { title: t('rank.rank'), dataIndex: 'rank', width: 80, sorter: (a, b) => (a.rank ?? 999) - (b.rank ?? 999), defaultSortOrder: 'ascend', render: (rank: number | null) => rank ?? '—' },
    ...(kind === 'all' ? [] : [{ title: t('rank.rankInKind'), key: 'rankInKind', width: 90, render: (_: unknown, row: UnitFigures) => withinKind.get(row.unitId) ?? '—' }]),
    { title: t('unit'), dataIndex: 'unitName', width: 220, render: (name: string, row) => <span data-unit-id={row.unitId}>{name}</span> },
    { title: t('rank.kind'), dataIndex: 'unitKind', width: 100, render: (value: UnitFigures['unitKind']) => t(kindKeys[value]) },
    { title: t('rank.assigned'), dataIndex: 'assigned', width: 80, align: 'right', sorter: (a, b) => a.assigned - b.assigned },
    { title: t('rank.signOnTime'), key: 'signOnTime', width: 110, align: 'right', sorter: byRate((row) => row.signOnTime), render: (_: unknown, row) => <RatioCell ratio={row.signOnTime} /> },
    { title: t('rank.onTime'), key: 'onTime', width: 110, align: 'right', sorter: byRate((row) => row.onTime), render: (_: unknown, row) => <RatioCell ratio={row.onTime} /> },
    {
      title: t('rank.overdueCount'),
      key: 'overdueCount',
      width: 90,
      align: 'right',
      sorter: (a, b) => a.overdue.numerator - b.overdue.numerator,
      render: (_: unknown, row) => (row.overdue.numerator > 0 ? <Tag color="error">{row.overdue.numerator}</Tag> : 0),
    },
    {
      title: t('rank.carriedOverdue'),
      dataIndex: 'carriedOverdue',
      width: 110,
      align: 'right',
      sorter: (a, b) => a.carriedOverdue - b.carriedOverdue,
      render: (value: number) => (value > 0 ? <Tag color="error">{value}</Tag> : 0),
    },
    { title: t('rank.overdue'), key: 'overdue', width: 90, align: 'right', sorter: byRate((row) => row.overdue), render: (_: unknown, row) => <RatioCell ratio={row.overdue} /> },
    { title: t('rank.completion'), key: 'completion', width: 90, align: 'right', sorter: byRate((row) => row.completion), render: (_: unknown, row) => <RatioCell ratio={row.completion} /> },
    { title: t('rank.satisfaction'), key: 'satisfaction', width: 90, align: 'right', sorter: byRate((row) => row.satisfaction), render: (_: unknown, row) => <RatioCell ratio={row.satisfaction} /> },
    { title: t('rank.extensions'), dataIndex: 'extensions', width: 90, align: 'right', sorter: (a, b) => a.extensions - b.extensions },
  ];

  const { months, quarters } = recentPeriodKeys();
  const periodOptions = [
    { label: t('rank.months'), options: months.map((key) => ({ value: key, label: periodLabel(key, locale) })) },
    { label: t('rank.quarters'), options: quarters.map((key) => ({ value: key, label: periodLabel(key, locale) })) },
  ];
  // Without a Content-Length the bar stays at 0 while bytes arrive (their count is shown), then fills.
  const percent = progress?.total ? Math.min(100, Math.round((progress.received / progress.total) * 100)) : exporting ? 0 : 100;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('rank.title')}
      </Typography.Title>
      <Space wrap className="srdi-filters">
        <Select aria-label={t('rank.period')} value={period} style={{ width: 180 }} onChange={(value) => setParam('period', value)} options={periodOptions} />
        <Segmented<KindFilter>
          aria-label={t('rank.kind')}
          value={kind}
          onChange={(value) => setParam('kind', value)}
          options={[
            { value: 'all', label: t('rank.kind.all') },
            { value: 'department', label: t('rank.kind.department') },
            { value: 'park', label: t('rank.kind.park') },
            { value: 'town', label: t('rank.kind.town') },
          ]}
        />
        <Button type="primary" onClick={() => void exportXlsx()} loading={exporting} disabled={!report}>
          {t('rank.export')}
        </Button>
        <Button onClick={() => navigate(`/bulletins/${period}/print`)}>{t('rank.print')}</Button>
      </Space>
      {progress && (
        <div role="status" aria-live="polite" className="srdi-export-progress">
          <Progress percent={percent} status={exporting ? 'active' : 'success'} format={(value) => `${value}%`} aria-label={t('rank.exportProgress')} />
          <Typography.Text type="secondary">{t('rank.received', { kb: (progress.received / 1024).toFixed(1), total: progress.total ? (progress.total / 1024).toFixed(1) : '?' })}</Typography.Text>
        </div>
      )}
      {error && <Alert type="error" title={error} showIcon role="alert" />}
      {!report && !error && <Card loading />}
      {report && (
        <>
          <Typography.Text type="secondary">{t('rank.periodLine', { label: periodLabel(report.period.key, locale), from: report.period.from, to: report.period.to, asOf: report.asOf })}</Typography.Text>
          {report.notes.map((note) => (
            <Alert key={note} type="info" title={note} showIcon />
          ))}
          <Card size="small" title={t('rank.lists')}>
            <Space orientation="vertical">
              <Space wrap>
                <Typography.Text strong>{t('rank.redList')}</Typography.Text>
                {report.redList.length === 0 ? t('rank.none') : report.redList.map((row) => <Tag color="success" key={row.unitId}>{row.unitName}</Tag>)}
              </Space>
              <Space wrap>
                <Typography.Text strong>{t('rank.blackList')}</Typography.Text>
                {report.blackList.length === 0
                  ? t('rank.none')
                  : report.blackList.map((row) => (
                      <Tag color="error" key={row.unitId}>
                        {row.unitName}（{t('rank.overdueN', { n: row.overdue.numerator + row.carriedOverdue })}）
                      </Tag>
                    ))}
              </Space>
            </Space>
          </Card>
          <Card size="small" title={t('rank.chartTitle')}>
            {chart ? <EChart option={chart.option} description={chart.description} height={chart.height} testId="rankings-chart" /> : <Typography.Text type="secondary">{t('rank.nothingDue')}</Typography.Text>}
          </Card>
          <Card size="small" title={t('rank.table')}>
            <Table<UnitFigures> rowKey="unitId" size="small" pagination={false} dataSource={rows} columns={columns} scroll={{ x: 1430 }} />
          </Card>
        </>
      )}
    </Space>
  );
}

function RatioCell({ ratio }: { ratio: Ratio | null }) {
  if (ratio === null || ratio.rate === null) return <span>—</span>;
  return <span title={`${ratio.numerator}/${ratio.denominator}`}>{rateText(ratio)}</span>;
}
